package cc.equa.msgraph.scheduler.internal;

import com.github.kagkarlsson.scheduler.serializer.Serializer;

/** db-scheduler's serializer for the fleet's table: only {@link ScheduleData}, as validated text. */
final class ScheduleDataSerializer implements Serializer {

    @Override
    public byte[] serialize(Object data) {
        if (!(data instanceof ScheduleData schedule)) {
            throw new IllegalArgumentException("the fleet table stores organization schedules only, not "
                    + (data == null ? "null" : data.getClass().getName()));
        }
        return schedule.encode();
    }

    @Override
    public <T> T deserialize(Class<T> clazz, byte[] serializedData) {
        if (clazz != ScheduleData.class) {
            throw new IllegalArgumentException("the fleet table stores organization schedules only, not " + clazz);
        }
        return clazz.cast(ScheduleData.decode(serializedData));
    }
}
