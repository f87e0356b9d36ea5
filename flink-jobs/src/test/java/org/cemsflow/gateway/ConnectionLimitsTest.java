package org.cemsflow.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {

    @Test
    void aConnectionOverTheCapIsClosedAndCountedAndTheCountsFollowClosings() {
        GatewayCounters counters = new GatewayCounters();
        // embedded channels share one remote address: the per-address cap of 2 binds first
        ConnectionLimits limits = new ConnectionLimits(10, 2, counters);
        EmbeddedChannel a = new EmbeddedChannel(limits);
        EmbeddedChannel b = new EmbeddedChannel(limits);
        EmbeddedChannel c = new EmbeddedChannel(limits);
        assertTrue(a.isActive());
        assertTrue(b.isActive());
        assertFalse(c.isActive(), "the third from one address is closed");
        assertEquals(1, counters.refused.get());
        assertEquals(2, limits.open());
        a.close();
        assertEquals(1, limits.open());
        EmbeddedChannel d = new EmbeddedChannel(limits);
        assertTrue(d.isActive(), "a place freed by a closing is taken again");
        ConnectionLimits total = new ConnectionLimits(1, 100, counters);
        new EmbeddedChannel(total);
        assertFalse(new EmbeddedChannel(total).isActive(), "over the total");
        assertEquals(2, counters.refused.get());
    }
}
