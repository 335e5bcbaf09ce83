package dev.parley.emulator.conformance;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link ConformanceBroker} parameters with one broker per test run, started on first use
 * and closed by JUnit when the run ends (it is kept in the root store, which closes AutoCloseables).
 */
abstract class SharedBrokerExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
        ExtensionContext.Namespace.create(SharedBrokerExtension.class);

    private final Class<? extends ConformanceBroker> brokerType;
    private final Supplier<? extends ConformanceBroker> starter;

    SharedBrokerExtension(Class<? extends ConformanceBroker> brokerType, Supplier<? extends ConformanceBroker> starter) {
        this.brokerType = brokerType;
        this.starter = starter;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ConformanceBroker.class;
    }

    @Override
    public ConformanceBroker resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
            .computeIfAbsent(brokerType, type -> starter.get(), ConformanceBroker.class);
    }

    /** The embedded Parley emulator. */
    static final class EmbeddedParley extends SharedBrokerExtension {
        EmbeddedParley() {
            super(EmbeddedParleyBroker.class, EmbeddedParleyBroker::start);
        }
    }

    /** Microsoft's emulator in Docker; pair with {@code @Testcontainers(disabledWithoutDocker = true)}. */
    static final class MicrosoftEmulator extends SharedBrokerExtension {
        MicrosoftEmulator() {
            super(MicrosoftEmulatorBroker.class, MicrosoftEmulatorBroker::start);
        }
    }
}
