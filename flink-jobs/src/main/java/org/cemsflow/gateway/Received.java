package org.cemsflow.gateway;

/**
 * What the framing made of a connection's bytes: a frame (from {@code ##} to its CRC, without the
 * CR LF), a run of bytes that is not a frame, or the first part of a line longer than the limit.
 */
public record Received(byte[] bytes, Kind kind) {
    public enum Kind {
        FRAME,
        GARBAGE,
        OVERSIZE
    }
}
