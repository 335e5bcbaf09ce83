package dev.parley.emulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Standalone emulator: {@code java -jar servicebus-emulator-<version>-all.jar [--config FILE] [--port N] [--host H]}.
 * Prints the connection string on stdout and runs until killed.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("usage: java -jar servicebus-emulator-all.jar [--config Config.json] [--port 5672]"
                    + " [--host 127.0.0.1]");
            System.exit(2);
            return;
        }
        ServiceBusEmulator emulator = start(options);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            done.countDown();
        }, "servicebus-emulator-shutdown"));
        done.await();
    }

    static ServiceBusEmulator start(Options options) {
        EmulatorConfig config = options.config == null ? EmulatorConfig.defaults() : EmulatorConfig.read(options.config);
        ServiceBusEmulator emulator = ServiceBusEmulator.builder().host(options.host).port(options.port)
                .config(config).build().start();
        System.out.println(emulator.connectionString());
        System.out.flush();
        return emulator;
    }

    record Options(Path config, int port, String host) {
        static Options parse(String[] args) {
            Path config = null;
            int port = 5672;
            String host = "127.0.0.1";
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + a);
                }
                String v = args[++i];
                switch (a) {
                    case "--config" -> {
                        config = Path.of(v);
                        if (!Files.isReadable(config)) {
                            throw new IllegalArgumentException("cannot read config file " + v);
                        }
                    }
                    case "--port" -> {
                        try {
                            port = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--port needs a number, was " + v);
                        }
                    }
                    case "--host" -> host = v;
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            return new Options(config, port, host);
        }
    }
}
