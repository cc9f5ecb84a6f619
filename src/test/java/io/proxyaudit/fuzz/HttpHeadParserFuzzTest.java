package io.proxyaudit.fuzz;

import static io.proxyaudit.fuzz.ParseChecks.bounded;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.proxyaudit.proto.ParseResult;
import io.proxyaudit.proto.StreamFramer;
import io.proxyaudit.proto.http.HttpConnection;
import io.proxyaudit.proto.http.HttpEvents;
import io.proxyaudit.proto.http.HttpHeadParser;
import io.proxyaudit.proto.http.HttpRequestFramer;
import io.proxyaudit.proto.http.HttpResponseFramer;
import io.proxyaudit.proto.http.HttpRequestHead;
import io.proxyaudit.proto.http.HttpResponseHead;

/**
 * Fuzzes HTTP/1.x request and response heads and the pipelined-request walker: never throws, head
 * length within the view and {@link HttpHeadParser#MAX_HEAD}, every kept string bounded and printable.
 */
class HttpHeadParserFuzzTest {
    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void requestHead(byte[] data) {
        ParseResult<HttpRequestHead> r = HttpHeadParser.parseRequest(data, 0, data.length);
        checkRequest(ParseChecks.check(r, data.length));
    }

    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void responseHead(byte[] data) {
        HttpResponseHead h = ParseChecks.check(HttpHeadParser.parseResponse(data, 0, data.length), data.length);
        if (h != null) {
            bounded(h.version(), 64, "version");
            bounded(h.reason(), 4 * 1024, "reason");
            assertTrue(h.headLength() > 0 && h.headLength() <= Math.min(data.length, HttpHeadParser.MAX_HEAD),
                    "head length " + h.headLength());
            assertTrue(h.contentLength() >= -1, "content length " + h.contentLength());
        }
    }

    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void pipelinedRequests(byte[] data) {
        // the framers the flow stage runs on HTTP stream heads: requests, then the same bytes as responses
        HttpConnection connection = new HttpConnection();
        HttpEvents check = new HttpEvents() {
            @Override
            public void onRequest(HttpRequestHead head) {
                checkRequest(head);
            }
        };
        HttpRequestFramer requests = new HttpRequestFramer(connection, check);
        checkUsed(requests, requests.feed(data, 0, data.length), data.length);
        HttpResponseFramer responses = new HttpResponseFramer(connection, check);
        checkUsed(responses, responses.feed(data, 0, data.length), data.length);
    }

    /** Heads cut by a snap length: the first byte says where the cut falls in the rest. */
    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void cutHeads(byte[] data) {
        if (data.length < 2) {
            return;
        }
        int n = data.length - 1;
        int cut = 1 + (data[0] & 0xff) % n;
        checkRequest(ParseChecks.check(HttpHeadParser.parseCutRequest(data, 1, cut - 1), cut - 1));
        ParseChecks.check(HttpHeadParser.parseCutResponse(data, 1, cut - 1), cut - 1);
        HttpConnection connection = new HttpConnection();
        HttpEvents check = new HttpEvents() {
            @Override
            public void onRequest(HttpRequestHead head) {
                checkRequest(head);
            }
        };
        for (StreamFramer f : new StreamFramer[] {new HttpRequestFramer(connection, check),
                new HttpResponseFramer(connection, check)}) {
            long used = f.feed(data, 1, cut - 1);
            checkUsed(f, used, cut - 1);
            if (used <= cut - 1 && f.state() == StreamFramer.MORE) {
                int left = (int) (cut - 1 - used);
                long after = f.truncated(data, 1 + (int) used, left, n - cut + 1);
                assertTrue(after == -1 || after >= left + n - cut + 1, "used across the hole: " + after);
            }
        }
    }

    /** A framer uses at most what it was given, unless it waits for a body that has not arrived yet. */
    private static void checkUsed(StreamFramer f, long used, int length) {
        assertTrue(used >= 0 && (used <= length || f.state() == StreamFramer.MORE),
                "used " + used + " of " + length + " in state " + f.state());
    }

    static void checkRequest(HttpRequestHead h) {
        if (h == null) {
            return;
        }
        bounded(h.method(), 4 * 32, "method");
        bounded(h.target(), 4 * 4096, "target");
        bounded(h.version(), 64, "version");
        bounded(h.host(), 4 * 1024, "host");
        bounded(h.userAgent(), 4 * 1024, "user agent");
        bounded(h.proxyAuthorization(), 32, "proxy authorization scheme");
        assertTrue(h.proxyAuthorization() == null || !h.proxyAuthorization().contains(" "),
                "Proxy-Authorization credentials kept: " + h.proxyAuthorization());
        ParseChecks.boundedAll(h.flags(), 64, 128, "flags");
        assertTrue(h.headLength() > 0 && h.headLength() <= HttpHeadParser.MAX_HEAD, "head length " + h.headLength());
        assertTrue(h.contentLength() >= -1, "content length " + h.contentLength());
    }
}
