package org.cemsflow.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CPU time of a job's task threads (Flink names them {@code "<chain> (i/n)#k"}), sampled while
 * the job runs: what its operators cost a frame, measured on the threads that run them. The JIT's
 * and the garbage collector's threads are not in it, nor other jobs' load on the machine, so it
 * moves far less from run to run than a rate does. A thread's CPU after its last sample (at most a
 * sampling period, at the job's end) is not counted.
 */
final class TaskCpu {
    private static final Pattern TASK = Pattern.compile("^(.*) \\(\\d+/\\d+\\)#\\d+$");

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    /** Task thread id -> its chain's name, and the CPU nanoseconds last read. */
    private final Map<Long, String> chains = new HashMap<>();

    private final Map<Long, Long> cpu = new HashMap<>();

    TaskCpu() {
        if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
    }

    /** Reads the CPU time of every task thread alive. */
    synchronized void sample() {
        if (!threads.isThreadCpuTimeSupported()) {
            return;
        }
        long[] ids = threads.getAllThreadIds();
        for (ThreadInfo info : threads.getThreadInfo(ids, 0)) {
            if (info == null) {
                continue; // ended since
            }
            long id = info.getThreadId();
            String chain = chains.get(id);
            if (chain == null) {
                Matcher m = TASK.matcher(info.getThreadName());
                if (!m.matches()) {
                    continue;
                }
                chain = m.group(1);
                chains.put(id, chain);
            }
            long ns = threads.getThreadCpuTime(id);
            if (ns > 0) {
                cpu.merge(id, ns, Math::max);
            }
        }
    }

    /** CPU nanoseconds by chain (its subtasks summed). */
    synchronized Map<String, Long> byChain() {
        Map<String, Long> out = new TreeMap<>();
        cpu.forEach((id, ns) -> out.merge(chains.get(id), ns, Long::sum));
        return out;
    }
}
