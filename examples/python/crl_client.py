"""A client of `crl serve` in Python, standard library only (Python 3.8+).

    from crl_client import CrlClient

    crl = CrlClient("http://127.0.0.1:8787", token=os.environ["CRL_TOKEN"])
    pick = crl.select("support-bot", "faq", subject="user-42")        # {"variant_id": ..., "kind": ...}
    # ... run the agent with pick["variant_id"] ...
    crl.record(agent_name="support-bot", task_type="faq", variant_id=pick["variant_id"], outcome="success")
    for event in crl.events():                                         # rollbacks, default changes, rollout steps
        print(event["type"], event["agent_name"], event["variant_id"])

Every call raises CrlError (with .status and .body) on an error answer. Invocations get an invocation_id
when they have none, so that a retried request never counts an invocation twice.
"""

import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

__all__ = ["CrlClient", "CrlError"]


class CrlError(Exception):
    """An error answer of crl serve: status 400 (bad input), 401/403 (token), 404, 409, 413, 5xx."""

    def __init__(self, status, body):
        self.status = status
        self.body = body
        message = body.get("message") if isinstance(body, dict) else str(body)
        super().__init__("HTTP %s: %s" % (status, message))


class CrlClient:
    """`base_url` of a crl serve (e.g. http://127.0.0.1:8787) and a bearer token from `crl token create`."""

    def __init__(self, base_url, token=None, timeout=30.0):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    # -------------------------------------------------------------------------------------------- requests
    def _headers(self, extra=None):
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        headers.update(extra or {})
        return headers

    def _request(self, method, path, params=None, body=None, content_type=None, tries=3):
        query = urllib.parse.urlencode({k: v for k, v in (params or {}).items() if v is not None})
        url = self.base_url + path + ("?" + query if query else "")
        headers = self._headers({"Content-Type": content_type} if content_type else None)
        for attempt in range(1, tries + 1):
            req = urllib.request.Request(url, data=body, headers=headers, method=method)
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as res:
                    raw = res.read()
                    kind = res.headers.get("Content-Type", "")
                    return json.loads(raw) if "json" in kind else raw.decode("utf-8")
            except urllib.error.HTTPError as e:
                raw = e.read()
                try:
                    parsed = json.loads(raw)
                except ValueError:
                    parsed = raw.decode("utf-8", "replace")
                if e.code != 503 or attempt == tries:
                    raise CrlError(e.code, parsed) from None
            except (urllib.error.URLError, ConnectionError, socket.timeout):
                if attempt == tries:
                    raise
            time.sleep(0.1 * 2 ** attempt)

    def get(self, path, **params):
        """Any read endpoint: get("/v1/rollbacks", agent="support-bot", limit=10)."""
        return self._request("GET", path, params)

    @staticmethod
    def _with_id(invocation):
        if not invocation.get("invocation_id"):
            invocation = dict(invocation, invocation_id=str(uuid.uuid4()))
        return invocation

    # -------------------------------------------------------------------------------------------- API
    def record(self, **invocation):
        """One invocation: agent_name, task_type, variant_id, outcome, and optionally reward, quality_score,
        error_count, duration_ms, timestamp, metadata, invocation_id. Returns {accepted, duplicates, rejected}."""
        body = json.dumps(self._with_id(invocation)).encode("utf-8")
        return self._request("POST", "/v1/invocations", body=body, content_type="application/json")

    def record_batch(self, invocations):
        """Many invocations (dicts) in one NDJSON request: all are stored or, on a bad one, none (CrlError 400
        naming the line and the field)."""
        lines = [json.dumps(self._with_id(i)) for i in invocations]
        body = ("\n".join(lines) + "\n").encode("utf-8")
        return self._request("POST", "/v1/invocations", body=body, content_type="application/x-ndjson")

    def select(self, agent, task, subject=None):
        """The serving decision: {variant_id, kind, reason, default_variant, rollout_id, ...}."""
        return self._request("GET", "/v1/select", {"agent": agent, "task": task, "subject": subject})

    def q(self, agent=None, task=None):
        return self.get("/v1/q", agent=agent, task=task)

    def review(self, prompt, response, subject=None):
        """The WaltzRL verdict of the reviewer that serves the subject, recorded as a review."""
        body = {"prompt": prompt, "response": response}
        if subject is not None:
            body["subject"] = subject
        return self._request("POST", "/v1/waltzrl/review", body=json.dumps(body).encode("utf-8"), content_type="application/json")

    def events(self, last_event_id=None, agent=None, task=None, types=None, read_timeout=60.0):
        """A generator of events (dicts with id, type, action, ts, agent_name, task_type, variant_id, reason,
        details): default changes, rollbacks, rollout steps and aborts. When the connection drops it reconnects
        with the id of the last event it gave (Last-Event-ID), so no event is missed. Stop by leaving the loop."""
        params = {"agent": agent, "task": task, "types": ",".join(types) if types else None}
        query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
        url = self.base_url + "/v1/events" + ("?" + query if query else "")
        retry = 1.0
        while True:
            extra = {"Accept": "text/event-stream"}
            if last_event_id is not None:
                extra["Last-Event-ID"] = str(last_event_id)
            req = urllib.request.Request(url, headers=self._headers(extra))
            try:
                with urllib.request.urlopen(req, timeout=read_timeout) as res:
                    for message in _sse_messages(res):
                        if message.get("retry") is not None:
                            retry = message["retry"] / 1000.0
                            continue
                        if message.get("id", "").isdigit():
                            last_event_id = int(message["id"])
                        yield json.loads(message["data"])
            except urllib.error.HTTPError as e:
                if e.code != 503:
                    raise CrlError(e.code, _json_or_text(e.read())) from None
            except (urllib.error.URLError, ConnectionError, socket.timeout, OSError):
                pass  # dropped or idle past read_timeout (the server sends heartbeats): reconnect with the last id
            time.sleep(retry)


def _json_or_text(raw):
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")


def _sse_messages(stream):
    """Parses text/event-stream lines: yields {"id", "event", "data"} per event and {"retry": ms} per retry field."""
    event, data = {}, []
    for raw in stream:
        line = raw.decode("utf-8").rstrip("\r\n")
        if line == "":
            if data:
                event["data"] = "\n".join(data)
                yield event
            event, data = {}, []
            continue
        if line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        if value.startswith(" "):
            value = value[1:]
        if field == "data":
            data.append(value)
        elif field in ("id", "event"):
            event[field] = value
        elif field == "retry" and value.isdigit():
            yield {"retry": int(value)}
