"""Asks the real Python proxy selection about generated cases (PythonDifferentialTest).

stdin: one JSON object a line, {"env": {...}, "urls": [...]}; stdout: one JSON array a line per URL: the urllib
answer then the requests answer, each [route ("direct", "proxy", "error"), the proxy value chosen or ""].

urllib: Lib/urllib/request.py ProxyHandler.proxy_open's decision: getproxies_environment()[scheme], then
proxy_bypass_environment(req.host), then _parse_proxy. requests: utils.get_environ_proxies + select_proxy, then
the adapter's prepend_scheme_if_needed / urllib3 parse_url and the proxy manager's scheme check.
"""
import json
import os
import sys
import urllib.request

import requests.utils
from urllib3.util import parse_url


def answer(route, value=""):
    return [route, value]


def urllib_route(url):
    req = urllib.request.Request(url)
    proxies = urllib.request.getproxies_environment()
    proxy = proxies.get(req.type)
    if proxy is None:
        return answer("direct")
    if req.host and urllib.request.proxy_bypass_environment(req.host):
        return answer("direct")
    try:
        urllib.request._parse_proxy(proxy)
    except ValueError:
        return answer("error", proxy)
    return answer("proxy", proxy)


def requests_route(url):
    proxies = requests.utils.get_environ_proxies(url)
    proxy = requests.utils.select_proxy(url, proxies)
    if proxy is None:
        return answer("direct")
    chosen = proxy
    try:
        proxy = requests.utils.prepend_scheme_if_needed(proxy, "http")
        u = parse_url(proxy)
        if not u.host:
            return answer("error", chosen)
        scheme = (u.scheme or "http").lower()
        if proxy.lower().startswith("socks"):
            if scheme not in ("socks4", "socks4a", "socks5", "socks5h"):
                return answer("error", chosen)
        elif scheme not in ("http", "https"):
            return answer("error", chosen)
        return answer("proxy", chosen)
    except Exception:
        return answer("error", chosen)


def safe(f, url):
    try:
        return f(url)
    except Exception as e:
        return answer("exception:" + type(e).__name__)


for line in sys.stdin:
    case = json.loads(line)
    os.environ.clear()
    os.environ.update(case["env"])
    for u in case["urls"]:
        print(json.dumps(safe(urllib_route, u) + safe(requests_route, u)))
    sys.stdout.flush()
