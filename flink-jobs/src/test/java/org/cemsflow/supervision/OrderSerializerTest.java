package org.cemsflow.supervision;

import static org.cemsflow.supervision.SupervisionTrackerTest.events;
import static org.cemsflow.supervision.SupervisionTrackerTest.feed;
import static org.cemsflow.testkit.SerializerChecks.assertMigratesFrom;
import static org.cemsflow.testkit.SerializerChecks.assertSurvives;
import static org.cemsflow.testkit.SerializerChecks.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.testkit.Harnesses;
import org.junit.jupiter.api.Test;

/**
 * Orders come back field for field from the compact form, take under half the POJO serializer's
 * bytes, and an order tracker whose orders the POJO serializer wrote in a savepoint goes on as if
 * never stopped (answers and overdue deadlines after the restore give the same events and rows).
 */
class OrderSerializerTest {
    static final TypeSerializer<Order> COMPACT = OrderSerializer.INSTANCE;
    static final TypeInformation<Order> POJO_TYPE = TypeInformation.of(Order.class);
    static final TypeSerializer<Order> POJO =
            POJO_TYPE.createSerializer(new SerializerConfigImpl());
    static final long H = SupervisionTrackerTest.H;
    static final long T0 = SupervisionTrackerTest.T0;

    static Order order(AlertEvent e) {
        Order o = new Order();
        o.alertId = e.getAlertId();
        o.unitId = e.getAlert().getUnitId();
        o.openedAt = e.getAt();
        o.deadline = e.getAlert().getDeadline();
        o.state = Order.State.OPEN;
        o.alert = e.getAlert();
        o.version = 1;
        return o;
    }

    static List<Order> orders() {
        List<Order> all = new ArrayList<>();
        all.add(new Order());
        all.add(order(SupervisionTrackerTest.opened("unit-1", T0)));
        Order answered = order(SupervisionTrackerTest.opened("unit-1", T0 + H));
        answered.state = Order.State.ANSWERED_LATE;
        answered.answeredAt = T0 + 14 * H;
        answered.verdict = "rectified";
        answered.escalationLevel = "REMINDER";
        answered.overdueRank = 2;
        answered.sequence = 3;
        answered.version = 4;
        all.add(answered);
        Order other = order(SupervisionTrackerTest.opened("unit-2", T0));
        other.alertId = "an id of its own";
        other.unitId = null;
        other.answeredAt = T0 - H; // before the opening
        other.state = Order.State.RETRACTED;
        all.add(other);
        return all;
    }

    static String fields(Order o) {
        return o.alertId
                + ","
                + o.unitId
                + ","
                + o.openedAt
                + ","
                + o.deadline
                + ","
                + o.state
                + ","
                + o.answeredAt
                + ","
                + o.verdict
                + ","
                + o.escalationLevel
                + ","
                + o.overdueRank
                + ","
                + o.sequence
                + ","
                + o.version
                + ","
                + o.alert;
    }

    @Test
    void everyFieldOfAnOrderSurvivesTheRoundTripAndTheCopy() throws Exception {
        for (Order o : orders()) {
            assertSurvives(COMPACT, o, OrderSerializerTest::fields);
        }
    }

    @Test
    void anOrderTakesUnderHalfThePojoBytes() throws Exception {
        Order o = orders().get(2);
        int compact = bytes(COMPACT, o).length;
        int pojo = bytes(POJO, o).length;
        assertTrue(2 * compact < pojo, compact + " bytes against " + pojo);
        assertMigratesFrom(COMPACT, POJO);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, SupervisionInput, AlertEvent> tracker(
            TypeInformation<Order> stateType) throws Exception {
        return Harnesses.keyed(
                new SupervisionTracker(
                        12 * H,
                        SupervisionTrackerTest.RETENTION,
                        SupervisionTrackerTest.GRACE,
                        Long.MAX_VALUE,
                        stateType),
                (SupervisionInput in) -> in.unitId);
    }

    static List<String> orderRows(
            KeyedOneInputStreamOperatorTestHarness<String, SupervisionInput, AlertEvent> h) {
        List<String> out = new ArrayList<>();
        for (StreamRecord<Order> r : h.getSideOutput(SupervisionTracker.ORDERS)) {
            out.add(fields(r.getValue()));
        }
        return out;
    }

    @Test
    void aTrackerWhoseOrdersThePojoSerializerWroteGoesOnAsIfNeverStopped() throws Exception {
        AlertEvent a = SupervisionTrackerTest.opened("unit-1", T0);
        AlertEvent b = SupervisionTrackerTest.opened("unit-1", T0 + 2 * H);
        List<SupervisionInput> first =
                List.of(SupervisionInput.alert(a), SupervisionInput.alert(b));
        // a answered in time after the restore, b overdue (it escalates)
        List<SupervisionInput> second = List.of(SupervisionTrackerTest.answer(a, T0 + 6 * H));

        var whole = tracker(OrderSerializer.TYPE);
        whole.open();
        feed(whole, first, T0 + 3 * H);
        feed(whole, second, T0 + 20 * H);

        var before = tracker(POJO_TYPE);
        before.open();
        feed(before, first, T0 + 3 * H);
        List<String> rows = new ArrayList<>(orderRows(before));
        List<String> events = new ArrayList<>(events(before));
        OperatorSubtaskState state = before.snapshot(1, 1);
        before.close();
        var after = tracker(OrderSerializer.TYPE);
        after.initializeState(state);
        after.open();
        feed(after, second, T0 + 20 * H);
        List<String> rowsAfter = orderRows(after);
        rows.addAll(rowsAfter);
        events.addAll(events(after));

        assertEquals(orderRows(whole), rows);
        assertEquals(events(whole), events);
        assertTrue(
                rowsAfter.stream().anyMatch(r -> r.contains(",OVERDUE,")),
                "an order restored went overdue: " + rowsAfter);
        assertTrue(
                rowsAfter.stream().anyMatch(r -> r.contains(",ANSWERED,")),
                "an order restored was answered: " + rowsAfter);
    }
}
