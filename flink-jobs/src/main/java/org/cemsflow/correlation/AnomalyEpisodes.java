package org.cemsflow.correlation;

import java.util.Set;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.AlertEventType;
import org.cemsflow.config.CorrelationOptions;

/**
 * Which alerts are correlation episodes (the cemsflow.anomaly_episodes table) and whether an
 * event leaves its episode still going: the detectors of a lasting condition open an episode when
 * it qualifies and close it with an UPDATED event carrying its end; DECLARED_STOP_BUT_RUNNING (the
 * declared period) and LOAD_DECOUPLING (a whole day) are complete when they open.
 */
public final class AnomalyEpisodes {
    static final Set<String> COMPLETE_WHEN_OPENED =
            Set.of(LoadDecouplingDetector.TYPE, DeclaredStopButRunningDetector.TYPE);

    private AnomalyEpisodes() {}

    /** An alert of a correlation detector. */
    public static boolean isEpisode(AlertEvent e) {
        return CorrelationOptions.ALL_DETECTORS.contains(e.getAlert().getType());
    }

    /**
     * Whether the episode still lasts after this event: as its evidence says where it says
     * ({@code "ongoing"}: a device episode that codes join), else open until an UPDATED ends it.
     */
    public static boolean ongoing(AlertEvent e) {
        String evidence = e.getAlert().getEvidence();
        if (evidence != null && evidence.contains("\"ongoing\":")) {
            return e.getEvent() != AlertEventType.RETRACTED
                    && evidence.contains("\"ongoing\":true");
        }
        return (e.getEvent() == AlertEventType.OPENED || e.getEvent() == AlertEventType.REOPENED)
                && !COMPLETE_WHEN_OPENED.contains(e.getAlert().getType());
    }
}
