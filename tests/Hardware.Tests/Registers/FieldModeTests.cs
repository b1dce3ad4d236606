using DriverScript.Hardware.Registers;

namespace DriverScript.Hardware.Tests.Registers;

/// <summary>Bus semantics of each access mode, one field at a time (after Renode's RegistersTests).</summary>
public class FieldModeTests
{
    private static (Register Register, ValueField Field) FieldAt4(FieldMode mode, ulong reset = 0)
    {
        var register = new Register("R", 4);
        var field = register.DefineValueField(4, 4, mode, name: "F", resetValue: reset);
        register.WithValueField(0, 4, name: "LOW").WithValueField(8, 24, name: "HIGH");
        return (register, field);
    }

    [Fact]
    public void Rw_stores_what_is_written_and_reads_it_back()
    {
        var (register, field) = FieldAt4(FieldModes.ReadWrite);

        register.Write(0xA0);

        field.Value.ShouldBe(0xAUL);
        register.Read().ShouldBe(0xA0UL);
    }

    [Fact]
    public void Ro_reads_the_stored_bits_and_ignores_writes()
    {
        var (register, field) = FieldAt4(FieldModes.ReadOnly, reset: 0x5);

        register.Write(0xF0);

        field.Value.ShouldBe(0x5UL);
        register.Read().ShouldBe(0x50UL);
    }

    [Fact]
    public void Wo_stores_writes_but_reads_as_zero_within_a_readable_register()
    {
        var (register, field) = FieldAt4(FieldModes.WriteOnly);

        register.Write(0x3F);

        field.Value.ShouldBe(0x3UL);
        register.Read().ShouldBe(0x0FUL);
    }

    [Fact]
    public void W1c_clears_the_bits_written_as_one_and_keeps_the_others()
    {
        var (register, field) = FieldAt4(FieldModes.WriteOneToClear, reset: 0b1011);

        register.Write(0b0011 << 4);

        field.Value.ShouldBe(0b1000UL);
        register.Write(0);
        field.Value.ShouldBe(0b1000UL);
    }

    [Fact]
    public void W1s_sets_the_bits_written_as_one_and_writing_zero_keeps_them()
    {
        var (register, field) = FieldAt4(FieldModes.WriteOneToSet);

        register.Write(0b0101 << 4);
        register.Write(0);

        field.Value.ShouldBe(0b0101UL);
        register.Write(0b0010 << 4);
        field.Value.ShouldBe(0b0111UL);
    }

    [Fact]
    public void Toggle_flips_the_bits_written_as_one()
    {
        var (register, field) = FieldAt4(FieldMode.Read | FieldMode.Toggle, reset: 0b0011);

        register.Write(0b0110 << 4);
        field.Value.ShouldBe(0b0101UL);
        register.Write(0b0110 << 4);
        field.Value.ShouldBe(0b0011UL);
    }

    [Fact]
    public void Write_zero_to_clear_clears_the_bits_written_as_zero()
    {
        var (register, field) = FieldAt4(FieldMode.Read | FieldMode.WriteZeroToClear, reset: 0b1111);

        register.Write(0b1010 << 4);

        field.Value.ShouldBe(0b1010UL);
    }

    [Fact]
    public void Write_zero_to_set_sets_the_bits_written_as_zero()
    {
        var (register, field) = FieldAt4(FieldMode.Read | FieldMode.WriteZeroToSet);

        register.Write(0b1010 << 4);

        field.Value.ShouldBe(0b0101UL);
    }

    [Fact]
    public void Write_zero_to_toggle_flips_the_bits_written_as_zero()
    {
        var (register, field) = FieldAt4(FieldMode.Read | FieldMode.WriteZeroToToggle, reset: 0b0011);

        register.Write(0b1010 << 4);

        field.Value.ShouldBe(0b0110UL);
    }

    [Fact]
    public void Write_to_clear_clears_the_whole_field_on_any_write()
    {
        var (register, field) = FieldAt4(FieldMode.Read | FieldMode.WriteToClear, reset: 0b1111);

        register.Write(0b0001 << 4);

        field.Value.ShouldBe(0UL);
    }

    [Fact]
    public void Write_to_set_sets_the_whole_field_on_any_write()
    {
        var (register, field) = FieldAt4(FieldMode.Read | FieldMode.WriteToSet);

        register.Write(0);

        field.Value.ShouldBe(0xFUL);
    }

    [Fact]
    public void Rc_returns_the_bits_then_clears_them()
    {
        var (register, field) = FieldAt4(FieldModes.ReadToClear, reset: 0b1001);

        register.Read().ShouldBe(0x90UL);

        field.Value.ShouldBe(0UL);
        register.Read().ShouldBe(0UL);
    }

    [Fact]
    public void Rc_ignores_writes()
    {
        var (register, field) = FieldAt4(FieldModes.ReadToClear);

        register.Write(0xF0);

        field.Value.ShouldBe(0UL);
    }

    [Fact]
    public void Read_to_set_returns_the_bits_then_sets_them_all()
    {
        var (register, field) = FieldAt4(FieldMode.ReadToSet);

        register.Read().ShouldBe(0UL);

        field.Value.ShouldBe(0xFUL);
        register.Read().ShouldBe(0xF0UL);
    }

    [Fact]
    public void Read_to_clear_with_write_stores_writes_and_clears_on_read()
    {
        var (register, field) = FieldAt4(FieldMode.ReadToClear | FieldMode.Write);

        register.Write(0x70);
        register.Read().ShouldBe(0x70UL);

        field.Value.ShouldBe(0UL);
    }

    [Fact]
    public void A_full_width_rw_field_round_trips_every_bit_of_a_64_bit_register()
    {
        var register = new Register("R", 8);
        register.DefineValueField(0, 64);

        register.Write(ulong.MaxValue);

        register.Read().ShouldBe(ulong.MaxValue);
    }

    [Theory]
    [InlineData(1, 0xFFUL)]
    [InlineData(2, 0xFFFFUL)]
    [InlineData(4, 0xFFFF_FFFFUL)]
    [InlineData(8, ulong.MaxValue)]
    public void A_register_without_fields_is_one_rw_field_of_its_width(int width, ulong allOnes)
    {
        var register = new Register("R", width);

        register.Write(ulong.MaxValue);

        register.Read().ShouldBe(allOnes);
    }

    [Fact]
    public void A_register_without_fields_takes_its_default_mode()
    {
        var register = new Register("R", 4, resetValue: 0xF0, defaultMode: FieldModes.WriteOneToClear);

        register.Write(0x30);

        register.Read().ShouldBe(0xC0UL);
    }

    [Theory]
    [InlineData("rw", FieldMode.Read | FieldMode.Write)]
    [InlineData("ro", FieldMode.Read)]
    [InlineData("wo", FieldMode.Write)]
    [InlineData("w1c", FieldMode.Read | FieldMode.WriteOneToClear)]
    [InlineData("w1s", FieldMode.Read | FieldMode.Set)]
    [InlineData("rc", FieldMode.ReadToClear)]
    [InlineData("woset", FieldMode.Read | FieldMode.Set)]
    [InlineData("woclr", FieldMode.Read | FieldMode.WriteOneToClear)]
    [InlineData("wot", FieldMode.Read | FieldMode.Toggle)]
    [InlineData("wzs", FieldMode.Read | FieldMode.WriteZeroToSet)]
    [InlineData("wzc", FieldMode.Read | FieldMode.WriteZeroToClear)]
    [InlineData("wzt", FieldMode.Read | FieldMode.WriteZeroToToggle)]
    [InlineData("wclr", FieldMode.Read | FieldMode.WriteToClear)]
    [InlineData("wset", FieldMode.Read | FieldMode.WriteToSet)]
    [InlineData("rclr", FieldMode.ReadToClear)]
    [InlineData("rset", FieldMode.ReadToSet)]
    public void Access_keywords_parse_to_their_field_modes(string keyword, FieldMode expected)
    {
        FieldModes.Parse(keyword).ShouldBe(expected);
        expected.IsValid().ShouldBeTrue();
    }

    [Fact]
    public void An_unknown_access_keyword_is_a_format_error()
    {
        FieldModes.TryParse("rwx", out _).ShouldBeFalse();
        Should.Throw<FormatException>(() => FieldModes.Parse("RW"));
    }

    [Theory]
    [InlineData(FieldMode.Read | FieldMode.ReadToClear)]
    [InlineData(FieldMode.Write | FieldMode.Set)]
    [InlineData(FieldMode.WriteOneToClear | FieldMode.Toggle)]
    [InlineData((FieldMode)0)]
    public void A_mode_with_two_read_or_two_write_behaviours_is_invalid_and_refused(FieldMode mode)
    {
        mode.IsValid().ShouldBeFalse();
        Should.Throw<ArgumentException>(() => new Register("R", 4).DefineValueField(0, 4, mode));
    }
}
