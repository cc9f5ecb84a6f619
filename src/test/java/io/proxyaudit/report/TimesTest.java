package io.proxyaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimesTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "850000000              | 850 ms",
        "12300000000            | 12.3 s",
        "245000000000           | 4 min 05 s",
        "7199000000000          | 119 min 59 s",
        "11220000000000         | 3 h 07 min",
        "172800000000000        | 2 d 00 h",
        // a capture stamped from 1970 to 2097 (seen in batch): days, not 67108863 min
        "4026556800000000000    | 46603 d 16 h",
    })
    void durationPicksTheUnitThatFits(long nanos, String expected) {
        assertEquals(expected, Times.duration(nanos));
    }
}
