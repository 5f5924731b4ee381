#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The naive baseline of bench/run.py: what simple import scripts do, one
row at a time, each call waiting for the one before.

  tracking: per row, search the order by number, search its shipments,
            then POST /V1/order/{id}/ship with the track (3 calls per row);
  stock:    per row, look the product up by SKU, then save its source item
            (2 calls per row).

  naive_baseline.py tracking|stock BASE_URL TOKEN FILE.csv
Exits non-zero if a call fails. Keeps one HTTP connection (keep-alive), as
a script using requests.Session would.
"""
import csv, http.client, json, socket, sys, urllib.parse


def main():
    kind, base, token, path = sys.argv[1:5]
    url = urllib.parse.urlparse(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    conn.connect()
    # As any HTTP library does: no Nagle delay on the request's last packet.
    conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    headers = {"Authorization": f"Bearer {token}",
               "Content-Type": "application/json",
               "Accept": "application/json"}

    def call(method, path, body=None, query=None):
        target = "/rest/all/" + path
        if query:
            target += "?" + urllib.parse.urlencode(query)
        conn.request(method, target, json.dumps(body) if body else None,
                     headers)
        r = conn.getresponse()
        data = r.read()
        if r.status >= 300:
            raise SystemExit(f"{method} {path}: HTTP {r.status} {data[:200]}")
        return json.loads(data) if data else None

    def where(field, value):
        return {"searchCriteria[filter_groups][0][filters][0][field]": field,
                "searchCriteria[filter_groups][0][filters][0][value]": value}

    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if kind == "tracking":
                orders = call("GET", "V1/orders",
                              query=where("increment_id", row["order_number"]))
                order = orders["items"][0]
                call("GET", "V1/shipments",
                     query=where("order_id", order["entity_id"]))
                items = [{"order_item_id": i["item_id"], "qty": i["qty_ordered"]}
                         for i in order.get("items", [])]
                call("POST", f"V1/order/{order['entity_id']}/ship",
                     {"items": items, "notify": False,
                      "tracks": [{"track_number": row["tracking_number"],
                                  "carrier_code": row["carrier_code"],
                                  "title": row["title"]}]})
            else:
                call("GET", "V1/products", query=where("sku", row["sku"]))
                call("POST", "V1/inventory/source-items",
                     {"sourceItems": [{"sku": row["sku"],
                                       "source_code": row["source_code"],
                                       "quantity": float(row["quantity"]),
                                       "status": int(row["status"])}]})


if __name__ == "__main__":
    main()
