# A production image: the service on PostgreSQL (set JUDGING_DATABASE_URL) or SQLite in /data.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    JUDGING_WEB_DIR=/app/web \
    PYTHONUNBUFFERED=1 \
    JUDGING_DATA_DIR=/data \
    JUDGING_HOST=0.0.0.0 \
    JUDGING_PORT=8000

WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY src ./src
COPY migrations ./migrations
COPY web ./web
RUN pip install --no-cache-dir . && useradd --create-home judging && mkdir -p /data && chown judging /data

USER judging
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/api/health')"
CMD ["judging", "serve"]
