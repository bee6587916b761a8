package org.locness.inference.placement;

/** The ensemble asks for CPUs this machine cannot give, and strict pinning was requested. */
public class PlacementException extends RuntimeException {
    public PlacementException(String message) {
        super(message);
    }

    public PlacementException(String message, Throwable cause) {
        super(message, cause);
    }
}
