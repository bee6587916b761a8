package org.locness.inference.model;

/** A model cannot be loaded: files missing or inconsistent, or the PyTorch runtime unavailable. */
public class ModelLoadException extends RuntimeException {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
