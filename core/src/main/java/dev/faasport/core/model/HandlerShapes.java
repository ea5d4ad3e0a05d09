package dev.faasport.core.model;

import dev.faasport.runtime.Shapes;
import dev.faasport.spi.FunctionShape;

/** Maps the runtime's shape detection (the same code the adapters use at run time) onto the SPI's enum. */
final class HandlerShapes {

    private HandlerShapes() {
    }

    /** @throws IllegalArgumentException with the detector's "class X ..., perhaps you should ..." message */
    static FunctionShape detect(Class<?> handler) {
        return FunctionShape.valueOf(dev.faasport.runtime.Shapes.detect(handler).name());
    }

    /**
     * The function a handler string runs for a function of the set, and its shape under the configured trigger.
     *
     * @param triggerKind the trigger the configuration names or implies, or null
     * @throws IllegalArgumentException with the detector's "class X ..., perhaps you should ..." message
     */
    static Shapes.Resolved resolve(Class<?> handler, String handlerString, String function, String triggerKind) {
        return Shapes.resolve(handler, Shapes.handlerMethod(handlerString), function, triggerKind);
    }

    static FunctionShape shape(Shapes.Resolved resolved) {
        return FunctionShape.valueOf(resolved.shape().name());
    }

    /** @return the trigger kind a function of this shape takes when the configuration names none (the runtime's rule) */
    static String naturalTrigger(FunctionShape shape) {
        return dev.faasport.runtime.Shape.valueOf(shape.name()).naturalTrigger();
    }
}
