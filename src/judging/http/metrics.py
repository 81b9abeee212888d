"""Prometheus metrics of one app, in its own registry (never the global one).

- `judging_events_appended_total{type}`: events appended to the log, counted as this
  process's projections see them (`EventCounter`, a live projection);
- `judging_projection_lag{projection}`: log head minus the position a projection
  has applied, measured at scrape time;
- `judging_websocket_clients{stream}`: connected websocket clients per stream kind;
- `judging_websocket_messages_sent_total{kind}`: snapshot, update and ping messages;
- `judging_websocket_snapshots_resent_total`: fresh snapshots sent to slow clients
  instead of what they missed; `judging_websocket_clients_dropped_total`;
- `judging_hub_encodes_total`: board messages encoded (once per board, not per client);
- `judging_hub_unchanged_skips_total`: board updates not rendered nor sent because
  the board's document had not changed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from prometheus_client import CollectorRegistry, Gauge, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from judging.live.subscription import HubStats
from judging.store import RecordedEvent

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class EventCounter:
    """A live projection that counts the events appended since the process started,
    by type (a Prometheus counter: it starts again at each start, from the head)."""

    name = "metrics-events"

    def __init__(self) -> None:
        self.position = 0
        self.by_type: Counter[str] = Counter()

    def apply(self, event: RecordedEvent) -> None:
        self.by_type[event.type] += 1
        self.position = event.position


def _labelled(family: CounterMetricFamily | GaugeMetricFamily, values: Mapping[str, int]) -> Metric:
    for label, value in sorted(values.items()):
        family.add_metric([label], value)
    return family


class _Collector(Collector):
    def __init__(self, events: EventCounter, hub: HubStats) -> None:
        self._events = events
        self._hub = hub

    def collect(self) -> Iterable[Metric]:
        hub = self._hub
        yield _labelled(
            CounterMetricFamily(
                "judging_events_appended", "Events appended to the log", labels=["type"]
            ),
            self._events.by_type,
        )
        yield _labelled(
            GaugeMetricFamily(
                "judging_websocket_clients", "Connected websocket clients", labels=["stream"]
            ),
            hub.clients,
        )
        yield _labelled(
            CounterMetricFamily(
                "judging_websocket_messages_sent", "Websocket messages sent", labels=["kind"]
            ),
            hub.sent,
        )
        yield CounterMetricFamily(
            "judging_websocket_snapshots_resent",
            "Fresh snapshots sent to slow clients instead of what they missed",
            value=hub.resent_snapshots,
        )
        yield CounterMetricFamily(
            "judging_websocket_clients_dropped",
            "Clients dropped after repeated overflows",
            value=hub.dropped_clients,
        )
        yield CounterMetricFamily(
            "judging_hub_encodes", "Board messages encoded", value=hub.encodes
        )
        yield CounterMetricFamily(
            "judging_hub_unchanged_skips",
            "Board updates not sent because the document had not changed",
            value=hub.unchanged_skips,
        )


class Metrics:
    """The registry of one app and what feeds it."""

    def __init__(self, hub: HubStats) -> None:
        self.registry = CollectorRegistry()
        self.events = EventCounter()
        self.registry.register(_Collector(self.events, hub))
        self.lag = Gauge(
            "judging_projection_lag",
            "Log head minus the position a projection has applied",
            ["projection"],
            registry=self.registry,
        )

    def set_lag(self, head: int, positions: Mapping[str, int]) -> None:
        for name, position in positions.items():
            self.lag.labels(name).set(max(head - position, 0))

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
