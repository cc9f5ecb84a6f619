package io.proxyaudit.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** golang.org/x/mod module.MatchPrefixPatterns semantics (proxy-semantics.md §2.3). */
class ModulePatternsTest {
    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "*.corp.com|git.corp.com/x/y|true",
        "*.corp.com|corp.com/x|false",
        "github.com/org|github.com/org/repo/v2|true",
        "github.com/org|github.com/organisation/x|false",
        "github.com/org/*|github.com/org/repo|true",
        "github.com/org/*|github.com/org|false",
        "github.com/org/|github.com/org/repo|true",
        "'a.com, b.com'|b.com/x|false",
        "'a.com,b.com'|b.com/x|true",
        "github.com/Org|github.com/org/x|false",
        "git?.corp.com|git2.corp.com/x|true",
        "git[0-3].corp.com|git4.corp.com/x|false",
        "git[^0-3].corp.com|git4.corp.com/x|true",
        "github.com/*|github.com/x/y|true",
        "*|anything/at/all|true",
        "git[.corp.com|git[.corp.com/x|false",
        "',,'|a.com/x|false",
        "golang.org/toolchain|golang.org/toolchain|true",
    })
    void matches(String globs, String target, boolean expected) {
        assertEquals(expected, ModulePatterns.matches(globs, target));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "github.com/Azure/go-autorest|github.com/!azure/go-autorest",
        "rsc.io/quote|rsc.io/quote",
        "v1.0.0-RC1|v1.0.0-!r!c1",
    })
    void escaping(String in, String out) {
        assertEquals(out, ModuleEscaping.escape(in));
    }
}
