package org.locness.infra.embedded;

import java.security.SecureRandom;
import java.util.HexFormat;

/** A fresh secret per embedded stack, so no credential lives in code. */
final class Credentials {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Credentials() {
    }

    static String randomSecret() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
