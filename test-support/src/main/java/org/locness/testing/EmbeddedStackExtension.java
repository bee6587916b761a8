package org.locness.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.locness.infra.embedded.EmbeddedStack;
import org.locness.infra.embedded.StackOptions;

/** Starts one {@link EmbeddedStack} per test class and closes it (and its data) after the class. */
public final class EmbeddedStackExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EmbeddedStackExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        stack(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return stack(context);
    }

    private static EmbeddedStack stack(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        ExtensionContext.Store store = classContext(context).getStore(NAMESPACE);
        return store.getOrComputeIfAbsent(testClass, c -> start(testClass), Resource.class).stack();
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    private static Resource start(Class<?> testClass) {
        EmbeddedStackTest config = testClass.getAnnotation(EmbeddedStackTest.class);
        boolean temporal = config != null && config.temporal();
        try {
            Path dir = Files.createTempDirectory("locness-stack-");
            return new Resource(EmbeddedStack.start(StackOptions.ephemeral(dir, temporal)));
        } catch (Exception e) {
            throw new IllegalStateException("could not start the embedded stack for " + testClass.getSimpleName(), e);
        }
    }

    /** Closed by JUnit (AutoCloseable store values) when the class's store goes away. */
    record Resource(EmbeddedStack stack) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            stack.close();
        }
    }
}
