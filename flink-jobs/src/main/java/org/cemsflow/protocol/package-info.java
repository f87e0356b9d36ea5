/**
 * HJ 212: frame syntax, CRC, decoding of data areas, encoding for tests and tools, and the reasons
 * a frame is rejected.
 */
package org.cemsflow.protocol;
