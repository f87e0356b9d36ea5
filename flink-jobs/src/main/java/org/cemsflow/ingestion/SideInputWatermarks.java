package org.cemsflow.ingestion;

import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/** Side inputs never hold back event time: a broadcast input without event time declares itself idle. */
public final class SideInputWatermarks {
    private SideInputWatermarks() {}

    public static <T> WatermarkStrategy<T> alwaysIdle() {
        return WatermarkStrategy.forGenerator(
                ctx ->
                        new WatermarkGenerator<T>() {
                            @Override
                            public void onEvent(
                                    T event, long eventTimestamp, WatermarkOutput output) {
                                output.markIdle();
                            }

                            @Override
                            public void onPeriodicEmit(WatermarkOutput output) {
                                output.markIdle();
                            }
                        });
    }
}
