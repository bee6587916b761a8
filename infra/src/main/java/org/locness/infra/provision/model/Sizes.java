package org.locness.infra.provision.model;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Memory as people read it. The seed's "120GB" is 122880 MiB, so sizes are binary: GiB. */
public final class Sizes {
    private Sizes() {
    }

    public static String gib(long mib) {
        return number(mib) + " GiB";
    }

    /** The figure alone, for sums like "120 + 120 + 32 GiB". */
    public static String number(long mib) {
        if (mib % 1024 == 0) {
            return Long.toString(mib / 1024);
        }
        return BigDecimal.valueOf(mib).divide(BigDecimal.valueOf(1024), 1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
