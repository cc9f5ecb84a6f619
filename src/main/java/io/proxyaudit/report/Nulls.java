package io.proxyaudit.report;

import java.util.List;
import java.util.Map;

/** Writers tolerate null collections in the contract records (a producer may leave one unset). */
final class Nulls {
    private Nulls() {}

    static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    static <K, V> Map<K, V> map(Map<K, V> m) {
        return m == null ? Map.of() : m;
    }
}
