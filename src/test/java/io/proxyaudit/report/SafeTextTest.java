package io.proxyaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class SafeTextTest {
    @Test
    void cleanReplacesControlsBidiAndLoneSurrogatesButKeepsPairs() {
        assertEquals("a\uFFFDb\uFFFDc", SafeText.clean("a\u0000b\u001bc"));
        assertEquals("x\uFFFDy\uFFFDz", SafeText.clean("x\u202ey\u2066z"));
        assertEquals("\uFFFDz", SafeText.clean("\uD800z"));
        assertEquals("\uFFFD", SafeText.clean("\uDC00"));
        assertEquals("go \uD83D\uDE00", SafeText.clean("go \uD83D\uDE00"), "an emoji is a valid pair");
        assertEquals("\uFFFD\uFFFD", SafeText.clean("\u0085\u2028"));
        String plain = "proxy.golang.org";
        assertSame(plain, SafeText.clean(plain));
        assertEquals("", SafeText.clean(null));
    }

    @Test
    void boundCutsWithAnEllipsisAndNeverSplitsAPair() {
        assertEquals("abcd\u2026", SafeText.bound("abcdefgh", 5));
        assertEquals("abcde", SafeText.bound("abcde", 5));
        assertEquals("abc\u2026", SafeText.bound("abc\uD83D\uDE00xyz", 5), "the pair is dropped, not halved");
        assertEquals(SafeText.DEFAULT_MAX, SafeText.display("x".repeat(10_000)).length());
    }

    @Test
    void htmlEscapesEverythingThatCouldOpenMarkupOrCloseAnAttribute() {
        assertEquals("&lt;script&gt;alert(1)&lt;/script&gt;", SafeText.html("<script>alert(1)</script>"));
        assertEquals("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;", SafeText.html("\"><img src=x onerror=alert(2)>"));
        assertEquals("&#39;a&#39; &amp;amp;", SafeText.html("'a' &amp;"));
        assertEquals("a\uFFFDb", SafeText.html("a\rb"));
    }

    @Test
    void jsonStringIsSafeInsideAScriptElement() {
        StringBuilder b = new StringBuilder();
        SafeText.appendJsonString(b, "</script><!--\u2028\"\\\n\u0001&");
        String s = b.toString();
        assertFalse(s.contains("<") || s.contains(">") || s.contains("&") || s.contains("\u2028"));
        assertEquals("\"\\u003c/script\\u003e\\u003c!--\\u2028\\\"\\\\\\n\\u0001\\u0026\"", s);
    }

    @Test
    void xmlReplacesCharactersXml10Forbids() {
        assertEquals("a\uFFFDb&#9;&#10;c&lt;&amp;&quot;&apos;&gt;", SafeText.xml("a\u0001b\t\nc<&\"'>"));
        assertEquals("\uFFFD\uFFFD", SafeText.xml("\uFFFE\uD800"));
        assertEquals("\uD83D\uDE00", SafeText.xml("\uD83D\uDE00"));
    }
}
