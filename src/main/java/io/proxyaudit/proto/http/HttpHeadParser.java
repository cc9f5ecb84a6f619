package io.proxyaudit.proto.http;

import io.proxyaudit.proto.BoundedText;
import io.proxyaudit.proto.ParseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * HTTP/1.x request and response heads (RFC 9112 §2-§6) at the start of a byte view. Lenient where real
 * clients are (bare LF line ends, §2.2; a missing or odd version is kept as sent and flagged), strict
 * on sizes: the head must end within {@link #MAX_HEAD} bytes, at most {@link #MAX_HEADERS} fields are
 * looked at and values are cut at {@link #MAX_VALUE} characters. Proxy-Authorization is reduced to its
 * scheme here, so credentials never leave the parser.
 */
public final class HttpHeadParser {
    public static final int MAX_HEAD = 65536;
    static final int MAX_HEADERS = 128;
    static final int MAX_VALUE = 1024;
    static final int MAX_TARGET = 4096;
    /** Longer lines are flagged {@code line-too-long}; RFC 9112 §3 asks for at least 8000 octets of request line. */
    static final int MAX_LINE = 8192;
    static final int MAX_METHOD = HttpRequestLine.MAX_METHOD;
    /** Empty lines ignored before a request line (RFC 9112 §2.2 asks for at least one). */
    static final int MAX_LEADING_EMPTY_LINES = 4;

    /**
     * Methods accepted on a request line without an HTTP version (HTTP/0.9 style or broken clients):
     * RFC 9110 §9, PATCH (RFC 5789), WebDAV (RFC 4918) and SSDP / common extension methods. With a version,
     * any token is a method.
     */
    static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
            "TRACE", "PATCH", "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "SEARCH",
            "M-SEARCH", "NOTIFY", "SUBSCRIBE", "UNSUBSCRIBE", "CCM_POST");

    private HttpHeadParser() {}

    public static ParseResult<HttpRequestHead> parseRequest(byte[] buf, int off, int len) {
        return parseRequest(buf, off, len, false);
    }

    /**
     * A request head whose end the capture's snap length cut off: the request line (it must be complete) and the
     * header lines that end before the cut; the head is marked {@code truncated}. NEED_MORE when the request line
     * itself was cut.
     */
    public static ParseResult<HttpRequestHead> parseCutRequest(byte[] buf, int off, int len) {
        return parseRequest(buf, off, len, true);
    }

    private static ParseResult<HttpRequestHead> parseRequest(byte[] buf, int off, int len, boolean cut) {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            return ParseResult.malformed("bad byte view");
        }
        int start = skipLeadingEmptyLines(buf, off, len);
        if (start < 0) {
            return ParseResult.notThisProtocol();
        }
        int end = off + len;
        // Quick rejection: a request starts with a method token followed by SP (RFC 9112 §3).
        int i = HttpRequestLine.tokenEnd(buf, start, end);
        if (i == end) {
            return i - start <= MAX_METHOD ? ParseResult.needMore() : ParseResult.notThisProtocol();
        }
        int methodLen = i - start;
        boolean bareMethod = (buf[i] == '\r' || buf[i] == '\n') && KNOWN_METHODS.contains(ascii(buf, start, methodLen));
        if (methodLen == 0 || methodLen > MAX_METHOD || (buf[i] != ' ' && !bareMethod)) {
            return ParseResult.notThisProtocol();
        }
        // The request line decides whether this is HTTP at all, before waiting for the rest of the head.
        int limit = Math.min(end, start + MAX_HEAD);
        int lineEnd = lineEnd(buf, start, limit);
        if (lineEnd == limit && cut && buf[i] == ' ' && end - off < MAX_HEAD) {
            return cutRequestLine(buf, start, methodLen, end, off);
        }
        if (lineEnd == limit) {
            return limit < end || end - off >= MAX_HEAD
                    ? ParseResult.malformed("request line not ended within " + MAX_HEAD + " bytes")
                    : ParseResult.needMore();
        }
        List<String> flags = new ArrayList<>();
        if (lineEnd - start > MAX_LINE) {
            flags.add("line-too-long");
        }
        String method = ascii(buf, start, methodLen);
        String target = null;
        String version = null;
        int p = start + methodLen;
        int contentEnd = trimCr(buf, p, lineEnd);
        if (p < contentEnd) {
            p++; // the SP
            int lastSp = contentEnd - 1;
            while (lastSp >= p && buf[lastSp] != ' ') {
                lastSp--;
            }
            if (lastSp >= p && startsWith(buf, lastSp + 1, contentEnd, "HTTP/")) {
                target = bounded(buf, p, lastSp - p, MAX_TARGET, flags, "target-cut");
                version = bounded(buf, lastSp + 1, contentEnd - lastSp - 1, 16, flags, "bad-version");
                if (target.indexOf(' ') >= 0) {
                    flags.add("space-in-target");
                }
            } else if (KNOWN_METHODS.contains(method)) {
                target = bounded(buf, p, contentEnd - p, MAX_TARGET, flags, "target-cut");
                flags.add("no-version");
            } else {
                return ParseResult.notThisProtocol(); // e.g. SMTP "EHLO host", FTP "USER x"
            }
        } else if (KNOWN_METHODS.contains(method)) {
            flags.add("no-target");
        } else {
            return ParseResult.notThisProtocol();
        }
        if (version != null && !isVersion(version)) {
            addFlag(flags, "bad-version");
        }
        if (target != null) {
            target = withoutUserinfo(target, flags);
        }
        int headEnd = findHeadEnd(buf, start, end);
        boolean truncated = headEnd < 0 && cut;
        if (truncated) {
            headEnd = afterLastLine(buf, lineEnd, limit);
        } else if (headEnd < 0) {
            return end - off >= MAX_HEAD ? ParseResult.malformed("request head not ended within " + MAX_HEAD + " bytes")
                    : ParseResult.needMore();
        }
        Fields f = fields(buf, nextLine(buf, lineEnd, headEnd), headEnd, flags);
        int headLength = headEnd - off;
        return ParseResult.ok(new HttpRequestHead(method, target, version, f.host, f.userAgent, f.proxyAuthScheme,
                headLength, List.copyOf(flags), f.contentLength, f.chunked, truncated), headLength);
    }

    /**
     * A request line the snap length cut: the method and the target as far as captured. A target followed by SP
     * is whole (only the version was cut); otherwise it is flagged {@code target-cut} and its end is unknown (tshark
     * shows such a line too: {@code http.request.uri} of a cut frame).
     */
    private static ParseResult<HttpRequestHead> cutRequestLine(byte[] buf, int start, int methodLen, int end, int off) {
        String method = ascii(buf, start, methodLen);
        if (!KNOWN_METHODS.contains(method)) {
            return ParseResult.notThisProtocol(); // without the version, only a known method says this is HTTP
        }
        List<String> flags = new ArrayList<>();
        int p = start + methodLen + 1;
        int sp = p;
        while (sp < end && buf[sp] != ' ') {
            sp++;
        }
        if (sp == end) {
            flags.add("target-cut");
        }
        String target = withoutUserinfo(bounded(buf, p, sp - p, MAX_TARGET, flags, "target-cut"), flags);
        if (sp == end) {
            target = withoutCutUserinfo(target, flags);
        }
        return ParseResult.ok(new HttpRequestHead(method, target, null, null, null, null,
                end - off, List.copyOf(flags), -1, false, true), end - off);
    }

    /**
     * A target cut inside its authority may end in "user:passw" without the '@' that would show it is userinfo:
     * what follows a ':' there is replaced by {@code ***} unless it is digits (a port, maybe cut).
     */
    private static String withoutCutUserinfo(String target, List<String> flags) {
        int scheme = target.indexOf("://");
        int authorityStart = scheme > 0 ? scheme + 3 : 0;
        for (int i = authorityStart; i < target.length(); i++) {
            if ("/?#@".indexOf(target.charAt(i)) >= 0) {
                return target; // the authority ended, or its userinfo was already replaced
            }
        }
        int colon = target.indexOf(':', authorityStart);
        if (colon < 0 || target.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            return target;
        }
        addFlag(flags, "userinfo-redacted");
        return target.substring(0, colon + 1) + "***";
    }

    public static ParseResult<HttpResponseHead> parseResponse(byte[] buf, int off, int len) {
        return parseResponse(buf, off, len, false);
    }

    /**
     * A response head whose end the capture's snap length cut off: the status line (it must be complete) and the
     * header lines that end before the cut. NEED_MORE when the status line itself was cut.
     */
    public static ParseResult<HttpResponseHead> parseCutResponse(byte[] buf, int off, int len) {
        return parseResponse(buf, off, len, true);
    }

    private static ParseResult<HttpResponseHead> parseResponse(byte[] buf, int off, int len, boolean cut) {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            return ParseResult.malformed("bad byte view");
        }
        int end = off + len;
        String prefix = "HTTP/";
        for (int k = 0; k < prefix.length(); k++) {
            if (off + k >= end) {
                return ParseResult.needMore();
            }
            if (buf[off + k] != prefix.charAt(k)) {
                return ParseResult.notThisProtocol();
            }
        }
        int headEnd = findHeadEnd(buf, off, end);
        if (headEnd < 0 && cut) {
            headEnd = afterLastLine(buf, off, Math.min(end, off + MAX_HEAD));
            if (headEnd == off) { // the status line itself was cut: its code may still be there
                if (len < "HTTP/1.1 200".length() || len >= MAX_HEAD) {
                    return ParseResult.needMore();
                }
                headEnd = end;
            }
        } else if (headEnd < 0) {
            return len >= MAX_HEAD ? ParseResult.malformed("response head not ended within " + MAX_HEAD + " bytes")
                    : ParseResult.needMore();
        }
        int lineEnd = lineEnd(buf, off, headEnd);
        int contentEnd = trimCr(buf, off, lineEnd);
        int sp = off;
        while (sp < contentEnd && buf[sp] != ' ') {
            sp++;
        }
        // status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4)
        if (sp + 4 > contentEnd || !isDigit(buf[sp + 1]) || !isDigit(buf[sp + 2]) || !isDigit(buf[sp + 3])
                || (sp + 4 < contentEnd && buf[sp + 4] != ' ')) {
            return ParseResult.malformed("status line without a 3-digit status code");
        }
        List<String> flags = new ArrayList<>();
        String version = bounded(buf, off, sp - off, 16, flags, "bad-version");
        int status = (buf[sp + 1] - '0') * 100 + (buf[sp + 2] - '0') * 10 + (buf[sp + 3] - '0');
        String reason = sp + 5 <= contentEnd ? bounded(buf, sp + 5, contentEnd - sp - 5, 128, flags, "reason-cut") : "";
        Fields f = fields(buf, nextLine(buf, lineEnd, headEnd), headEnd, flags);
        int headLength = headEnd - off;
        return ParseResult.ok(new HttpResponseHead(version, status, reason, f.contentLength, f.chunked, headLength),
                headLength);
    }

    /** Header fields we keep; the rest are only walked over. */
    private static final class Fields {
        String host;
        String userAgent;
        String proxyAuthScheme;
        long contentLength = -1;
        boolean chunked;
    }

    private static Fields fields(byte[] b, int p, int headEnd, List<String> flags) {
        Fields f = new Fields();
        int count = 0;
        boolean sawTransferEncoding = false;
        while (p < headEnd) {
            int le = lineEnd(b, p, headEnd);
            if (le - p > MAX_LINE) {
                addFlag(flags, "line-too-long");
            }
            int ce = trimCr(b, p, le);
            if (ce == p) {
                break; // the empty line ending the head
            }
            if (++count > MAX_HEADERS) {
                addFlag(flags, "headers-cut");
                break;
            }
            if (b[p] == ' ' || b[p] == '\t') {
                addFlag(flags, "obs-fold"); // RFC 9112 §5.2: continuation lines are obsolete; ignored
                p = nextLine(b, le, headEnd);
                continue;
            }
            int colon = p;
            while (colon < ce && b[colon] != ':') {
                colon++;
            }
            if (colon == ce || colon == p) {
                addFlag(flags, "bad-header-line");
                p = nextLine(b, le, headEnd);
                continue;
            }
            int vs = colon + 1;
            while (vs < ce && (b[vs] == ' ' || b[vs] == '\t')) {
                vs++;
            }
            int ve = ce;
            while (ve > vs && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) {
                ve--;
            }
            if (nameIs(b, p, colon, "host")) {
                if (f.host != null) {
                    addFlag(flags, "duplicate-host");
                } else {
                    f.host = withoutUserinfo(bounded(b, vs, ve - vs, MAX_VALUE, flags, "value-cut"), flags);
                }
            } else if (nameIs(b, p, colon, "user-agent")) {
                if (f.userAgent == null) {
                    f.userAgent = bounded(b, vs, ve - vs, MAX_VALUE, flags, "value-cut");
                }
            } else if (nameIs(b, p, colon, "proxy-authorization")) {
                // credentials = auth-scheme [ 1*SP token68 / #auth-param ] (RFC 9110 §11.4): keep the scheme only
                int se = vs;
                while (se < ve && HttpRequestLine.isTchar(b[se])) {
                    se++;
                }
                f.proxyAuthScheme = ascii(b, vs, Math.min(se - vs, 32));
            } else if (nameIs(b, p, colon, "content-length")) {
                long v = parseContentLength(b, vs, ve);
                if (v < 0) {
                    addFlag(flags, "bad-content-length");
                } else if (f.contentLength >= 0 && f.contentLength != v) {
                    addFlag(flags, "conflicting-content-length"); // RFC 9112 §6.3 item 5
                } else {
                    f.contentLength = v;
                }
            } else if (nameIs(b, p, colon, "transfer-encoding")) {
                sawTransferEncoding = true;
                f.chunked = lastCodingIsChunked(b, vs, ve);
            }
            p = nextLine(b, le, headEnd);
        }
        if (sawTransferEncoding && f.contentLength >= 0) {
            addFlag(flags, "te-and-cl"); // RFC 9112 §6.3 item 3: Transfer-Encoding wins; a smuggling sign
        }
        return f;
    }

    /**
     * Drops the userinfo ("user:password@") of an absolute URI or authority (RFC 3986 §3.2.1): RFC 9110
     * §4.2.4 deprecates it in http(s) URIs, and passwords must never be stored. It becomes "***@" and
     * the flag {@code userinfo-redacted} is set.
     */
    static String withoutUserinfo(String target, List<String> flags) {
        int authorityStart = 0;
        int scheme = target.indexOf("://");
        if (scheme > 0 && target.lastIndexOf('/', scheme - 1) < 0) {
            authorityStart = scheme + 3;
        } else if (target.startsWith("/") || target.equals("*")) {
            return target; // origin-form and asterisk-form carry no authority
        }
        int authorityEnd = authorityStart;
        while (authorityEnd < target.length() && "/?#".indexOf(target.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        int at = target.lastIndexOf('@', authorityEnd - 1);
        if (at < authorityStart) {
            return target;
        }
        addFlag(flags, "userinfo-redacted");
        return target.substring(0, authorityStart) + "***" + target.substring(at);
    }

    /** Digits only, or a comma list of equal values (RFC 9110 §8.6); -1 when invalid. */
    static long parseContentLength(byte[] b, int s, int e) {
        long value = -1;
        int p = s;
        while (p < e) {
            while (p < e && (b[p] == ' ' || b[p] == '\t' || b[p] == ',')) {
                p++;
            }
            if (p == e) {
                break;
            }
            long v = 0;
            int digits = 0;
            while (p < e && isDigit(b[p])) {
                if (++digits > 15) {
                    return -1;
                }
                v = v * 10 + (b[p++] - '0');
            }
            if (digits == 0 || (value >= 0 && v != value)) {
                return -1;
            }
            value = v;
            while (p < e && (b[p] == ' ' || b[p] == '\t')) {
                p++;
            }
            if (p < e && b[p] != ',') {
                return -1;
            }
        }
        return value;
    }

    /** True when the last coding in a Transfer-Encoding list is "chunked" (RFC 9112 §6.1). */
    private static boolean lastCodingIsChunked(byte[] b, int s, int e) {
        int last = e;
        while (last > s && (b[last - 1] == ' ' || b[last - 1] == '\t' || b[last - 1] == ',')) {
            last--;
        }
        int first = last;
        while (first > s && b[first - 1] != ',' && b[first - 1] != ' ' && b[first - 1] != '\t') {
            first--;
        }
        return nameIs(b, first, last, "chunked");
    }

    /** Offset just after the CRLF CRLF (or LF LF) that ends the head, or -1 within {@link #MAX_HEAD}. */
    static int findHeadEnd(byte[] b, int s, int end) {
        int limit = Math.min(end, s + MAX_HEAD);
        for (int i = s; i < limit; i++) {
            if (b[i] == '\n') {
                if (i + 1 < limit && b[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < limit && b[i + 1] == '\r' && b[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    /** Offset just after the last LF in {@code [from, limit)}, or {@code from} when there is none. */
    private static int afterLastLine(byte[] b, int from, int limit) {
        for (int i = limit - 1; i >= from; i--) {
            if (b[i] == '\n') {
                return i + 1;
            }
        }
        return from;
    }

    private static int skipLeadingEmptyLines(byte[] b, int off, int len) {
        int p = off;
        int end = off + len;
        for (int n = 0; n < MAX_LEADING_EMPTY_LINES; n++) {
            if (p + 1 < end && b[p] == '\r' && b[p + 1] == '\n') {
                p += 2;
            } else if (p < end && b[p] == '\n') {
                p++;
            } else {
                return p;
            }
        }
        return p < end && (b[p] == '\r' || b[p] == '\n') ? -1 : p;
    }

    /** Offset of the LF ending the line that starts at p (or limit). */
    private static int lineEnd(byte[] b, int p, int limit) {
        while (p < limit && b[p] != '\n') {
            p++;
        }
        return p;
    }

    private static int nextLine(byte[] b, int lineEnd, int limit) {
        return Math.min(lineEnd + 1, limit);
    }

    private static int trimCr(byte[] b, int s, int lineEnd) {
        return lineEnd > s && b[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
    }

    private static boolean nameIs(byte[] b, int s, int e, String lower) {
        if (e - s != lower.length()) {
            return false;
        }
        for (int k = 0; k < lower.length(); k++) {
            int c = b[s + k];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] b, int s, int e, String prefix) {
        if (e - s < prefix.length()) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (b[s + k] != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isVersion(String v) {
        return v.length() == 8 && v.startsWith("HTTP/") && Character.isDigit(v.charAt(5)) && v.charAt(6) == '.'
                && Character.isDigit(v.charAt(7));
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static String ascii(byte[] b, int s, int n) {
        return BoundedText.printable(b, s, n, 4 * n);
    }

    private static String bounded(byte[] b, int s, int n, int max, List<String> flags, String flagWhenCut) {
        StringBuilder sb = new StringBuilder(Math.min(n, max));
        if (!BoundedText.appendPrintable(sb, b, s, n, max)) {
            addFlag(flags, flagWhenCut);
        }
        return sb.toString();
    }

    private static void addFlag(List<String> flags, String flag) {
        if (!flags.contains(flag)) {
            flags.add(flag);
        }
    }
}
