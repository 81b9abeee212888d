"""The FastAPI service: HTTP API, websockets and static pages (the adapters around the domain)."""
