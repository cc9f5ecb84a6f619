package io.proxyaudit.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * The parsed GOPROXY list (cmd/go/internal/modfetch/proxy.go {@code proxyList}). Entries are split on
 * {@code ,} or {@code |}; the separator after an entry decides its fallback ({@code |}: any error,
 * {@code ,}: only 404/410). {@code off} and {@code direct} end the list. A hidden {@code noproxy} entry is
 * prepended when GONOPROXY is non-empty and GOPROXY is not exactly {@code direct}.
 */
public final class GoProxyList {
    /** One entry: {@code url} is a base URL, or {@code direct}, {@code off}, {@code noproxy}. */
    public record Entry(String url, boolean fallBackOnError) {
        public boolean isProxy() {
            return !url.equals("direct") && !url.equals("off") && !url.equals("noproxy");
        }
    }

    private GoProxyList() {}

    public static List<Entry> parse(String goproxy, String gonoproxy) throws ConfigException {
        List<Entry> list = new ArrayList<>();
        String rest = goproxy;
        while (!rest.isEmpty()) {
            String url;
            boolean pipe = false;
            int i = indexOfAny(rest);
            if (i >= 0) {
                url = rest.substring(0, i);
                pipe = rest.charAt(i) == '|';
                rest = rest.substring(i + 1);
            } else {
                url = rest;
                rest = "";
            }
            url = url.trim();
            if (url.isEmpty()) {
                continue;
            }
            if (url.equals("off") || url.equals("direct")) {
                list.add(new Entry(url, false));
                break;
            }
            if ((url.contains(".") || url.contains(":") || url.contains("/")) && !url.contains(":/") && !url.startsWith("/")) {
                url = "https://" + url;
            }
            int sep = url.indexOf("://");
            String scheme = sep > 0 ? url.substring(0, sep) : "";
            if (sep < 0 && url.indexOf(':') < 0) {
                throw new ConfigException("GOPROXY entry \"" + Redaction.redact(url) + "\": invalid proxy URL missing scheme");
            }
            if (!scheme.equals("https") && !scheme.equals("http") && !scheme.equals("file")) {
                throw new ConfigException("GOPROXY entry \"" + Redaction.redact(url) + "\": invalid GOPROXY URL scheme (must be https, http, file)");
            }
            while (url.endsWith("/") && !url.endsWith("://")) {
                url = url.substring(0, url.length() - 1);
            }
            list.add(new Entry(url, pipe));
        }
        if (list.isEmpty()) {
            throw new ConfigException("GOPROXY list is not the empty string, but contains no entries");
        }
        if (!gonoproxy.isEmpty() && !goproxy.equals("direct")) {
            list.add(0, new Entry("noproxy", false));
        }
        return list;
    }

    private static int indexOfAny(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ',' || s.charAt(i) == '|') {
                return i;
            }
        }
        return -1;
    }
}
