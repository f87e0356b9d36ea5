package org.cemsflow.reference;

/** A reference file that cannot be loaded; the message names the file, line and column. */
public class ReferenceException extends RuntimeException
        implements org.cemsflow.config.Commands.ConfigurationError {
    public ReferenceException(String message) {
        super(message);
    }
}
