package io.ultrawatch.bench;

import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The value of --profile: which comparison profiles the timing scenarios run under, in table order. */
enum ProfileChoice {
    SAME_BUDGET(Profile.SAME_BUDGET),
    TIGHTEST(Profile.TIGHTEST),
    BOTH("both");

    private final String option;

    ProfileChoice(String option) {
        this.option = option;
    }

    /** The spelling on the command line. */
    String option() {
        return option;
    }

    List<Profile> profiles() {
        return switch (this) {
            case SAME_BUDGET -> List.of(Profile.sameBudget());
            case TIGHTEST -> List.of(Profile.tight());
            case BOTH -> List.of(Profile.sameBudget(), Profile.tight());
        };
    }

    static ProfileChoice parse(String value) {
        for (ProfileChoice c : values()) {
            if (c.option.equals(value)) {
                return c;
            }
        }
        throw new IllegalArgumentException("--profile wants one of "
                + Arrays.stream(values()).map(ProfileChoice::option).toList() + ", but was '" + value + "'");
    }

    static final class Converter implements ITypeConverter<ProfileChoice> {
        @Override
        public ProfileChoice convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("wants one of same-budget, tightest, both, but was '" + value
                        + "'");
            }
        }
    }
}
