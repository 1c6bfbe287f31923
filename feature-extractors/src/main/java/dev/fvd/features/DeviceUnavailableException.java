package dev.fvd.features;

/** A device (CUDA) was requested but is not available; never silently replaced by the CPU. */
public class DeviceUnavailableException extends ModelException {
    public DeviceUnavailableException(String message) {
        super(message);
    }

    public DeviceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
