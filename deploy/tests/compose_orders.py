#!/usr/bin/env python3
"""Orders through the Compose stack's backend, for compose-live.sh.

  compose_orders.py wait  BASE TIMEOUT          until GET BASE/health/ready answers 200
  compose_orders.py place BASE COUNT FILE       places COUNT orders; FILE gets one "id token" line per
                                                order the API acknowledged (201)
  compose_orders.py check BASE FILE             reads every order in FILE back with its token; exit 1
                                                when any is missing
"""
import json
import sys
import time
import urllib.error
import urllib.request
import uuid


def http(method, url, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def wait(base, timeout):
    deadline = time.monotonic() + float(timeout)
    last = "no answer"
    while time.monotonic() < deadline:
        try:
            status, body = http("GET", base + "/health/ready")
            if status == 200:
                return 0
            last = f"{status} {body[:200]}"
        except OSError as e:
            last = str(e)
        time.sleep(1)
    print(f"{base}/health/ready did not answer 200 within {timeout}s (last: {last})")
    return 1


def place(base, count, path):
    status, body = http("GET", base + "/api/products")
    if status != 200:
        print(f"GET /api/products answered {status}: {body[:200]}")
        return 1
    products = json.loads(body)["data"]
    acknowledged = 0
    with open(path, "a") as out:
        for n in range(int(count)):
            p = products[n % len(products)]
            # One client token per order: the API limits orders per client, and these are many shoppers.
            status, body = http("POST", base + "/api/orders", {
                "customer_name": f"Compose Shopper {n}", "customer_email": f"shopper{n}@example.com",
                "customer_phone": f"0171{n:07d}", "delivery_address": "House 1, Road 2, Dhanmondi, Dhaka",
                "total_amount": p["price"], "items": [{"product_id": p["id"], "quantity": 1, "price": p["price"]}]},
                {"X-Client-Token": uuid.uuid4().hex, "Idempotency-Key": uuid.uuid4().hex})
            if status != 201:
                print(f"order {n}: POST /api/orders answered {status}: {body[:200]}")
                continue
            order = json.loads(body)["order"]
            token = order.get("access_token") or order.get("token")
            out.write(f"{order['id']} {token}\n")
            out.flush()
            acknowledged += 1
    print(acknowledged)
    return 0 if acknowledged == int(count) else 1


def check(base, path):
    orders = [line.split() for line in open(path) if line.strip()]
    missing = []
    for order_id, token in orders:
        status, _ = http("GET", f"{base}/api/orders/{order_id}", headers={"X-Order-Token": token})
        if status != 200:
            missing.append(f"{order_id} ({status})")
    print(f"{len(orders) - len(missing)} of {len(orders)} acknowledged orders read back"
          + (f"; missing: {' '.join(missing[:10])}" if missing else ""))
    return 1 if missing or not orders else 0


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    sys.exit({"wait": wait, "place": place, "check": check}[command](*args))
