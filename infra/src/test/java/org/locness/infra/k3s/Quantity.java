package org.locness.infra.k3s;

import java.math.BigDecimal;
import java.util.Map;

/** Kubernetes resource quantities, as far as these manifests use them: CPU and memory. */
final class Quantity {
    private static final Map<String, Long> SUFFIX = Map.of("Ki", 1L << 10, "Mi", 1L << 20, "Gi", 1L << 30, "Ti", 1L << 40,
            "k", 1_000L, "M", 1_000_000L, "G", 1_000_000_000L, "T", 1_000_000_000_000L);

    private Quantity() {
    }

    static long cpuMillis(String value) {
        if (value.endsWith("m")) {
            return Long.parseLong(value.substring(0, value.length() - 1));
        }
        return new BigDecimal(value).movePointRight(3).longValueExact();
    }

    static long bytes(String value) {
        for (Map.Entry<String, Long> suffix : SUFFIX.entrySet()) {
            if (value.endsWith(suffix.getKey()) && Character.isDigit(value.charAt(value.length() - suffix.getKey().length() - 1))) {
                return new BigDecimal(value.substring(0, value.length() - suffix.getKey().length()))
                        .multiply(BigDecimal.valueOf(suffix.getValue())).longValueExact();
            }
        }
        return Long.parseLong(value);
    }
}
