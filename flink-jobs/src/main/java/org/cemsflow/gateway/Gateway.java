package org.cemsflow.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.config.Commands;
import org.cemsflow.config.GatewayOptions;
import org.cemsflow.config.JobOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The HJ 212 TCP gateway: data loggers connect to it, and every frame they send is written to the
 * raw topic, one record per frame, acknowledged only once stored (see {@link GatewayHandler}).
 * Instances share nothing but Kafka, so several can stand behind a TCP load balancer. Guarantees
 * that on shutdown it stops accepting, waits for the records in flight and their acknowledgements,
 * and only then closes the connections.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup workers = new NioEventLoopGroup();
    private final Producer<byte[], byte[]> producer;
    private final GatewayCounters counters = new GatewayCounters();
    private final Channel server;
    private final ClockCalibration calibration;
    private final KafkaHealth kafka;
    private final GatewayMetrics metrics;

    /** Starts listening; {@code producer} is closed with the gateway. */
    public Gateway(CemsflowSettings settings, Producer<byte[], byte[]> producer)
            throws InterruptedException {
        this(settings, producer, java.time.Clock.systemUTC());
    }

    /** Starts listening with {@code clock} as the time loggers are set to. */
    public Gateway(
            CemsflowSettings settings, Producer<byte[], byte[]> producer, java.time.Clock clock)
            throws InterruptedException {
        this.producer = producer;
        org.cemsflow.protocol.DeviceKeys keys = org.cemsflow.protocol.DeviceKeys.fromEnvironment();
        this.calibration =
                new ClockCalibration(
                        clock,
                        settings.get(GatewayOptions.CLOCK_TOLERANCE),
                        settings.get(GatewayOptions.CALIBRATION_INTERVAL));
        String topic = settings.get(JobOptions.RAW_TOPIC);
        String instance =
                settings.get(GatewayOptions.INSTANCE).isEmpty()
                        ? hostName()
                        : settings.get(GatewayOptions.INSTANCE);
        int maxFrame = settings.get(GatewayOptions.MAX_FRAME_BYTES);
        long idleSeconds = settings.get(GatewayOptions.IDLE_TIMEOUT).toSeconds();
        int maxInFlight = settings.get(GatewayOptions.MAX_IN_FLIGHT);
        kafka = new KafkaHealth(settings.get(GatewayOptions.KAFKA_STALL), counters);
        KafkaHealth health = kafka;
        ConnectionLimits limits =
                new ConnectionLimits(
                        settings.get(GatewayOptions.MAX_CONNECTIONS),
                        settings.get(GatewayOptions.MAX_CONNECTIONS_PER_ADDRESS),
                        counters);
        server =
                new ServerBootstrap()
                        .group(boss, workers)
                        .channel(NioServerSocketChannel.class)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childHandler(
                                new ChannelInitializer<SocketChannel>() {
                                    @Override
                                    protected void initChannel(SocketChannel ch) {
                                        ch.pipeline()
                                                .addLast(
                                                        limits,
                                                        new IdleStateHandler(
                                                                idleSeconds,
                                                                0,
                                                                0,
                                                                TimeUnit.SECONDS),
                                                        new FrameDecoder(maxFrame, counters),
                                                        new GatewayHandler(
                                                                producer,
                                                                topic,
                                                                instance,
                                                                counters,
                                                                maxInFlight,
                                                                calibration,
                                                                keys,
                                                                health));
                                    }
                                })
                        .bind(settings.get(GatewayOptions.BIND), settings.get(GatewayOptions.PORT))
                        .sync()
                        .channel();
        workers.scheduleAtFixedRate(
                () -> LOG.info("gateway: {}", counters), 1, 1, TimeUnit.MINUTES);
        workers.scheduleAtFixedRate(kafka::check, 1, 1, TimeUnit.SECONDS);
        int metricsPort = settings.get(GatewayOptions.METRICS_PORT);
        try {
            metrics =
                    metricsPort < 0
                            ? null
                            : new GatewayMetrics(
                                    settings.get(GatewayOptions.BIND),
                                    metricsPort,
                                    instance,
                                    counters,
                                    kafka);
        } catch (java.io.IOException e) {
            server.close();
            throw new org.cemsflow.config.SettingsException(
                    "setting 'gateway.metrics-port' = "
                            + metricsPort
                            + ": cannot listen there ("
                            + e.getMessage()
                            + ")");
        }
        LOG.info(
                "gateway {} listening on {}, writing to {}; metrics on {}",
                instance,
                server.localAddress(),
                topic,
                metrics == null
                        ? "no port"
                        : "http://"
                                + settings.get(GatewayOptions.BIND)
                                + ":"
                                + metrics.port()
                                + "/metrics");
    }

    /** The producer the gateway needs: idempotent, acks=all, so a record is stored once and in order. */
    public static Producer<byte[], byte[]> producer(CemsflowSettings settings) {
        Properties p = settings.kafkaClientProperties();
        p.put("bootstrap.servers", settings.get(JobOptions.BOOTSTRAP_SERVERS));
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        // one request in flight per broker: after a broker restart the broker knows only the last
        // batch it stored of this producer, so a retried earlier batch is refused as out of order
        // and the producer sends it again under a new epoch, stored twice (seen in the chaos
        // suite's broker restart: 21 frames of one partition twice); the one in flight is the last
        p.put("max.in.flight.requests.per.connection", "1");
        p.put("linger.ms", "2");
        // the event loop must not hang on an unreachable broker: the frame is then not acknowledged
        p.put("max.block.ms", "5000");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public GatewayCounters counters() {
        return counters;
    }

    public ClockCalibration calibration() {
        return calibration;
    }

    public KafkaHealth kafka() {
        return kafka;
    }

    /** The port of the metrics endpoint, or -1 when it is off. */
    public int metricsPort() {
        return metrics == null ? -1 : metrics.port();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        if (metrics != null) {
            metrics.close();
        }
        producer.flush(); // every callback has run: what was stored is acknowledged
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        producer.close();
        LOG.info(
                "gateway stopped: {}; clock calibrations per MN {}",
                counters,
                calibration.counts());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "gateway";
        }
    }

    public static void main(String[] args) throws Exception {
        Commands.main(new Cmd(), args);
    }

    /** {@code cemsflow gateway}. */
    @Command(
            name = "gateway",
            description =
                    "The HJ 212 TCP gateway: data loggers connect, their frames go to kafka.topic.raw.")
    public static final class Cmd implements Callable<Integer> {
        @Mixin Commands.HelpOption help;
        @Mixin Commands.SettingsMixin settings;

        @Override
        public Integer call() throws Exception {
            serve(settings.settings());
            return Commands.OK;
        }
    }

    static void serve(CemsflowSettings settings) throws Exception {
        Gateway g = new Gateway(settings, producer(settings));
        System.err.printf(
                "gateway: listening on %s:%d, writing to %s%n",
                settings.get(GatewayOptions.BIND), g.port(), settings.get(JobOptions.RAW_TOPIC));
        Runtime.getRuntime().addShutdownHook(new Thread(g::close, "gateway-shutdown"));
        g.server.closeFuture().sync();
    }
}
