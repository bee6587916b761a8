package org.locness.inference.model;

/** A loaded model failed to run on an input (native error, out of memory, bad output shape). */
public class InferenceException extends RuntimeException {

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }

    public InferenceException(String message) {
        super(message);
    }
}
