package org.cemsflow.config;

/** A configuration that cannot be used; the message names the key. The job stops at start. */
public class SettingsException extends RuntimeException {
    public SettingsException(String message) {
        super(message);
    }
}
