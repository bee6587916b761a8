package org.locness.inference.model;

/** A suffix whose first tokens would merge with a cached prefix's last ones, so the cache cannot be reused. */
public final class PrefixBoundaryException extends IllegalArgumentException {
    public PrefixBoundaryException(String message) {
        super(message);
    }
}
