package io.proxyaudit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** pip's --proxy in a process's arguments, as optparse reads it (pip's option parser). */
class PipArgumentsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            pip install --proxy http://p:3128 requests               | http://p:3128
            pip install --proxy=http://p:3128 requests               | http://p:3128
            pip install --prox http://p:3128 requests                | http://p:3128
            python3 -m pip install --proxy http://u:pw@p:8080 x      | http://u:pw@p:8080
            pip install --proxy http://a:1 --proxy http://b:2 x      | http://b:2
            pip install requests                                     | -
            pip install --pro http://p:3128 x                        | -
            pip install --proxy                                      | -
            pip install --proxy= x                                   | -
            pip install -- --proxy http://p:3128                     | -
            pip install --proxyx http://p:3128 x                     | -
            """)
    void proxyOption(String args, String expected) {
        assertEquals(expected, PipArguments.proxy(args));
    }
}
