package dev.parley.emulator.broker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open transactions. Work enlisted in one is held back and applied, in order, when it is committed; a rollback
 * drops it. Locks taken before stay until they expire or are settled outside the transaction.
 */
public final class Transactions {
    private static final Logger log = LoggerFactory.getLogger(Transactions.class);
    private final AtomicLong counter = new AtomicLong();
    private final Map<String, List<Runnable>> open = new HashMap<>();

    /** Declares a transaction and returns its id. */
    public byte[] declare() {
        byte[] id = ("txn-" + counter.incrementAndGet()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        open.put(key(id), new ArrayList<>());
        log.debug("transaction declared id={}", key(id));
        return id;
    }

    public boolean isOpen(byte[] id) {
        return open.containsKey(key(id));
    }

    /** Holds {@code work} until the transaction is discharged. */
    public void enlist(byte[] id, Runnable work) {
        List<Runnable> ops = open.get(key(id));
        if (ops == null) {
            throw new BrokerException(BrokerException.ErrorCode.TRANSACTION_UNKNOWN, "unknown transaction " + key(id));
        }
        ops.add(work);
    }

    /** Ends the transaction: commit applies the enlisted work in order, rollback forgets it. */
    public void discharge(byte[] id, boolean rollback) {
        List<Runnable> ops = open.remove(key(id));
        if (ops == null) {
            throw new BrokerException(BrokerException.ErrorCode.TRANSACTION_UNKNOWN, "unknown transaction " + key(id));
        }
        log.debug("transaction discharged id={} rollback={} operations={}", key(id), rollback, ops.size());
        if (rollback) {
            return;
        }
        for (Runnable op : ops) {
            try {
                op.run();
            } catch (BrokerException e) {
                log.info("transactional operation failed at commit id={} reason={}", key(id), e.getMessage());
            }
        }
    }

    private static String key(byte[] id) {
        return HexFormat.of().formatHex(id);
    }
}
