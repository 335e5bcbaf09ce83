package dev.parley.emulator.amqp;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.UUID;

/** The .NET encodings the Service Bus SDKs expect on the wire. */
final class DotNet {
    /** 0001-01-01T00:00:00Z in .NET ticks (100 ns) relative to the Unix epoch. */
    private static final long EPOCH_TICKS = 621_355_968_000_000_000L;

    private DotNet() {
    }

    /** A GUID's bytes in .NET order (first three groups little-endian), as lock-token delivery tags use. */
    static byte[] guidBytes(UUID id) {
        byte[] b = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits()).array();
        swap(b, 0, 3);
        swap(b, 1, 2);
        swap(b, 4, 5);
        swap(b, 6, 7);
        return b;
    }

    static long ticks(Instant instant) {
        return EPOCH_TICKS + instant.getEpochSecond() * 10_000_000L + instant.getNano() / 100;
    }

    private static void swap(byte[] b, int i, int j) {
        byte t = b[i];
        b[i] = b[j];
        b[j] = t;
    }
}
