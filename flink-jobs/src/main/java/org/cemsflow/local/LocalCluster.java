package org.cemsflow.local;

import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.runtime.minicluster.RpcServiceSharing;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * One embedded Flink cluster for all of run-local's passes. A local environment starts a cluster
 * for every job and stops it after; a backfill of many passes paid that start (its actor system,
 * dispatcher, resource manager and task manager) once a pass. This one is started when the first
 * pass asks for it and stopped when the run closes it; each pass is a job submitted to it.
 *
 * <p>Inside a test that provides its own cluster (a context environment), the passes run on that
 * cluster, as before, and this one is never started.
 */
final class LocalCluster implements AutoCloseable {
    private static final String EXECUTOR = "cemsflow-run-local";

    private final Configuration clusterConf;
    private final int slots;
    private MiniCluster cluster;

    /**
     * A cluster of one task manager with {@code slots} slots, configured with {@code clusterConf}
     * (its memory, for example); not started yet.
     */
    LocalCluster(Configuration clusterConf, int slots) {
        this.clusterConf = new Configuration(clusterConf);
        this.slots = slots;
    }

    /**
     * An environment for a job of {@code jobConf}: the context's when there is one (a test's
     * cluster), otherwise one that submits to this cluster, started if it is not yet.
     */
    StreamExecutionEnvironment environment(Configuration jobConf) throws Exception {
        StreamExecutionEnvironment context =
                StreamExecutionEnvironment.getExecutionEnvironment(jobConf);
        if (!(context instanceof LocalStreamEnvironment)) {
            return context;
        }
        if (cluster == null) {
            Configuration conf = new Configuration(clusterConf);
            if (!conf.contains(RestOptions.BIND_PORT)) {
                conf.set(RestOptions.BIND_PORT, "0"); // any free port, as a local environment's
            }
            MiniCluster started =
                    new MiniCluster(
                            new MiniClusterConfiguration.Builder()
                                    .setConfiguration(conf)
                                    .setNumTaskManagers(1)
                                    .setNumSlotsPerTaskManager(slots)
                                    .setRpcServiceSharing(RpcServiceSharing.SHARED)
                                    .build());
            try {
                started.start();
            } catch (Exception e) {
                started.close(); // what did start, stopped: no threads left behind
                throw e;
            }
            cluster = started;
        }
        Configuration conf = new Configuration(jobConf);
        conf.set(DeploymentOptions.TARGET, EXECUTOR);
        conf.set(DeploymentOptions.ATTACHED, true);
        return new StreamExecutionEnvironment(
                new Executors(cluster), conf, LocalCluster.class.getClassLoader());
    }

    /** The cluster of this run's own while it is up; null before, after, or on a test's cluster. */
    MiniCluster running() {
        return cluster;
    }

    @Override
    public void close() throws Exception {
        if (cluster != null) {
            MiniCluster c = cluster;
            cluster = null;
            c.close();
        }
    }

    /** The one executor of the environments: a job is submitted to the running cluster. */
    private record Executors(MiniCluster cluster)
            implements PipelineExecutorServiceLoader, PipelineExecutorFactory, PipelineExecutor {
        @Override
        public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
            return this;
        }

        @Override
        public Stream<String> getExecutorNames() {
            return Stream.of(EXECUTOR);
        }

        @Override
        public String getName() {
            return EXECUTOR;
        }

        @Override
        public boolean isCompatibleWith(Configuration configuration) {
            return true;
        }

        @Override
        public PipelineExecutor getExecutor(Configuration configuration) {
            return this;
        }

        @Override
        public CompletableFuture<JobClient> execute(
                Pipeline pipeline, Configuration configuration, ClassLoader classLoader)
                throws Exception {
            StreamGraph graph = PipelineExecutorUtils.getStreamGraph(pipeline, configuration);
            graph.serializeUserDefinedInstances();
            // the cluster outlives the job: nothing to shut down when it ends
            return cluster.submitJob(graph)
                    .thenApply(
                            submitted ->
                                    new MiniClusterJobClient(
                                            submitted.getJobID(),
                                            cluster,
                                            classLoader,
                                            MiniClusterJobClient.JobFinalizationBehavior.NOTHING));
        }
    }
}
