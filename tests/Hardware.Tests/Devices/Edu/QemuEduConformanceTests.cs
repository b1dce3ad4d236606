using DriverScript.Hardware.Devices.Edu;
using DriverScript.Hardware.Diagnostics;
using DriverScript.Hardware.Time;

namespace DriverScript.Hardware.Tests.Devices.Edu;

/// <summary>
/// HARDWARE.md §2's fifteen conformance checks for the QEMU edu model, numbered as there. Each check
/// may take several facts; every fact names the behaviour it pins.
/// </summary>
public class QemuEduConformanceTests
{
    private const ulong Run = 0x1, ToRam = 0x2, IrqOnDone = 0x4;
    private static readonly long DmaTime = VirtualTime.Milliseconds(100);

    private readonly EduHarness h = new();

    private static byte[] Pattern(int count, int seed = 0) =>
        Enumerable.Range(0, count).Select(i => (byte)((i * 31) + seed + 1)).ToArray();

    // ---- 1. Configuration space -----------------------------------------------------------------

    [Fact]
    public void Check01_config_space_identifies_1234_11e8_revision_10_class_ff00_pin_a()
    {
        var config = h.Edu.Config;

        config.Read16(0x00).ShouldBe((ushort)0x1234);
        config.Read16(0x02).ShouldBe((ushort)0x11E8);
        config.Read8(0x08).ShouldBe((byte)0x10);
        config.Read8(0x09).ShouldBe((byte)0x00);   // programming interface
        config.Read8(0x0A).ShouldBe((byte)0x00);   // subclass
        config.Read8(0x0B).ShouldBe((byte)0xFF);   // base class: PCI_CLASS_OTHERS
        config.Read8(0x0E).ShouldBe((byte)0x00);   // type 0 header
        config.Read8(0x3D).ShouldBe((byte)1);      // INTA#
    }

    [Fact]
    public void Check01_config_space_offers_one_msi_vector_with_64_bit_addressing_and_no_masking()
    {
        var config = h.Edu.Config;
        (config.Read16(0x06) & 0x10).ShouldBe(0x10);    // capabilities list
        var offset = config.Read8(0x34);

        config.Read8(offset).ShouldBe((byte)0x05);      // MSI
        config.Read8(offset + 1).ShouldBe((byte)0x00);  // the only capability
        var control = config.Read16(offset + 2);
        (control & 0x000E).ShouldBe(0);                 // multiple message capable: 1 vector
        (control & 0x0080).ShouldBe(0x80);              // 64-bit address
        (control & 0x0100).ShouldBe(0);                 // no per-vector masking
        (control & 0x0001).ShouldBe(0);                 // off at power-on
    }

    [Fact]
    public void Check01_bar0_is_a_1_MiB_32_bit_non_prefetchable_memory_bar()
    {
        var config = h.Edu.Config;

        config.Write32(0x10, 0xFFFF_FFFF);
        var sized = config.Read32(0x10);

        (sized & 0x1).ShouldBe(0u);                     // memory
        (sized & 0x6).ShouldBe(0u);                     // 32-bit
        (sized & 0x8).ShouldBe(0u);                     // non-prefetchable
        (~(sized & ~0xFu) + 1).ShouldBe(0x10_0000u);    // 1 MiB
        config.Read32(0x14).ShouldBe(0u);               // no BAR1
        h.Edu.GetBar(0).ShouldBeSameAs(h.Edu.Registers);
        h.Edu.GetBar(1).ShouldBeNull();
    }

    // ---- 2. Identification and the access rules ---------------------------------------------------

    [Fact]
    public void Check02_identification_reads_010000ed_and_writes_to_it_are_no_ops()
    {
        h.Read(EduRegister.Identification).ShouldBe(0x010000EDu);

        h.Write(EduRegister.Identification, 0);
        h.Write(EduRegister.Identification, 0xFFFF_FFFF);

        h.Read(EduRegister.Identification).ShouldBe(0x010000EDu);
    }

    [Fact]
    public void Check02_an_8_byte_read_below_0x80_reads_all_ones()
    {
        h.Bus.Read64(0x00).ShouldBe(ulong.MaxValue);
        h.Bus.Read64(0x08).ShouldBe(ulong.MaxValue);
    }

    [Fact]
    public void Check02_1_and_2_byte_reads_read_zero_anywhere()
    {
        h.Bus.Read8(0x00).ShouldBe((byte)0);
        h.Bus.Read16(0x00).ShouldBe((ushort)0);
        h.Bus.Read8(0x0C).ShouldBe((byte)0);       // even where a 4-byte read gives all ones
        h.Bus.Read16(0x80).ShouldBe((ushort)0);
    }

    [Fact]
    public void Check02_unaligned_reads_read_zero()
    {
        h.Bus.Read32(0x02).ShouldBe(0u);
        h.Bus.Read32(0x81).ShouldBe(0u);
        h.Bus.Read64(0x84).ShouldBe(0UL);          // 4-aligned but not 8-aligned
    }

    [Theory]
    [InlineData(0x0C)]
    [InlineData(0x1C)]
    [InlineData(0x28)]
    [InlineData(0x5C)]
    [InlineData(0x68)]
    [InlineData(0x7C)]
    [InlineData(0x84)]
    [InlineData(0x8C)]
    [InlineData(0x94)]
    [InlineData(0x9C)]
    [InlineData(0xA0)]
    [InlineData(0x40000)]
    [InlineData(0x40FFC)]
    [InlineData(0xFFFFC)]
    public void Check02_aligned_reads_of_offsets_without_a_register_read_all_ones(long offset)
    {
        h.Bus.Read32(offset).ShouldBe(0xFFFF_FFFFu);
    }

    [Fact]
    public void Check02_unmapped_8_byte_reads_at_or_above_0x80_read_all_ones()
    {
        h.Bus.Read64(0xA0).ShouldBe(ulong.MaxValue);
        h.Bus.Read64(0x40000).ShouldBe(ulong.MaxValue);   // the DMA buffer is not MMIO-visible
    }

    [Fact]
    public void Check02_writes_of_rejected_widths_are_dropped()
    {
        h.Bus.Write8(0x04, 0xFF);
        h.Bus.Write16(0x04, 0xFFFF);
        h.Bus.Write64(0x04, 0xFFFF);
        h.Bus.Write32(0x06, 0xFFFF);

        h.Read(EduRegister.Liveness).ShouldBe(0u);
        h.Context.Log.OfKind(HardwareLogKind.RejectedAccessWidth).Count.ShouldBe(4);
    }

    // ---- 3. Liveness --------------------------------------------------------------------------------

    [Fact]
    public void Check03_liveness_reads_zero_initially()
    {
        h.Read(EduRegister.Liveness).ShouldBe(0u);
    }

    [Theory]
    [InlineData(0x0000_0000u, 0xFFFF_FFFFu)]
    [InlineData(0xFFFF_FFFFu, 0x0000_0000u)]
    [InlineData(0xA5A5_A5A5u, 0x5A5A_5A5Au)]
    public void Check03_liveness_reads_back_the_inverse_of_what_was_written(uint written, uint expected)
    {
        h.Write(EduRegister.Liveness, written);

        h.Read(EduRegister.Liveness).ShouldBe(expected);
    }

    // ---- 4. Factorial -------------------------------------------------------------------------------

    [Theory]
    [InlineData(0u, 1u)]
    [InlineData(1u, 1u)]
    [InlineData(5u, 0x78u)]
    [InlineData(10u, 0x375F00u)]
    [InlineData(12u, 0x1C8CFC00u)]
    [InlineData(13u, 0x7328CC00u)]
    [InlineData(20u, 0x82B40000u)]
    [InlineData(33u, 0x80000000u)]
    [InlineData(34u, 0u)]
    [InlineData(35u, 0u)]
    [InlineData(0xFFFF_FFFFu, 0u)]
    public void Check04_factorial_wraps_modulo_2_pow_32(uint n, uint expected)
    {
        h.Factorial(n).ShouldBe(expected);
    }

    [Fact]
    public void Check04_the_factorial_shortcut_matches_the_loop_edu_runs()
    {
        for (uint n = 0; n < 200; n++)
        {
            uint slow = 1;
            for (var k = n; k > 0; k--)
            {
                slow = unchecked(slow * k);
            }

            QemuEdu.Factorial(n).ShouldBe(slow, $"{n}!");
        }
    }

    [Fact]
    public void Check04_the_factorial_register_reads_the_operand_until_the_result_is_stored()
    {
        h.Write(EduRegister.Factorial, 5);

        h.Clock.RunFor(VirtualTime.Microseconds(10) - 1);
        h.Read(EduRegister.Factorial).ShouldBe(5u);
        h.Clock.RunFor(1);
        h.Read(EduRegister.Factorial).ShouldBe(120u);
    }

    [Fact]
    public void Check04_the_factorial_latency_is_configurable()
    {
        var slow = new EduHarness(new QemuEduOptions { FactorialLatency = VirtualTime.Milliseconds(3) });

        slow.Write(EduRegister.Factorial, 4);
        slow.Clock.RunFor(VirtualTime.Milliseconds(3) - 1);
        slow.Read(EduRegister.Factorial).ShouldBe(4u);
        slow.Clock.RunFor(1);

        slow.Read(EduRegister.Factorial).ShouldBe(24u);
    }

    // ---- 5. Busy bit --------------------------------------------------------------------------------

    [Fact]
    public void Check05_the_computing_bit_is_set_by_a_factorial_write_and_cleared_at_completion()
    {
        h.Read(EduRegister.Status).ShouldBe(0u);

        h.Write(EduRegister.Factorial, 6);
        h.Read(EduRegister.Status).ShouldBe(1u);
        h.Clock.RunFor(VirtualTime.Microseconds(10));

        h.Read(EduRegister.Status).ShouldBe(0u);
    }

    [Fact]
    public void Check05_a_factorial_write_while_computing_is_dropped()
    {
        h.Write(EduRegister.Factorial, 5);
        h.Clock.RunFor(VirtualTime.Microseconds(5));

        h.Write(EduRegister.Factorial, 7);
        h.Read(EduRegister.Factorial).ShouldBe(5u);
        h.Clock.RunFor(VirtualTime.Microseconds(5));

        h.Read(EduRegister.Factorial).ShouldBe(120u);
        h.Clock.IsIdle.ShouldBeTrue("the dropped write must not start a second computation");
    }

    [Fact]
    public void Check05_writing_1_to_status_does_not_set_busy()
    {
        h.Write(EduRegister.Status, 1);

        h.Read(EduRegister.Status).ShouldBe(0u);
        h.Clock.IsIdle.ShouldBeTrue();
    }

    // ---- 6. IRQFACT -----------------------------------------------------------------------------

    [Fact]
    public void Check06_irqfact_set_before_the_factorial_raises_bit_0_at_completion()
    {
        h.Write(EduRegister.Status, 0x80);
        h.Read(EduRegister.Status).ShouldBe(0x80u);

        h.Write(EduRegister.Factorial, 3);
        h.Read(EduRegister.InterruptStatus).ShouldBe(0u);
        h.Clock.RunFor(VirtualTime.Microseconds(10));

        h.Read(EduRegister.InterruptStatus).ShouldBe(QemuEdu.FactorialInterrupt);
        h.IntxChanges.ShouldBe([(VirtualTime.Microseconds(10), true)]);
    }

    [Fact]
    public void Check06_without_irqfact_the_factorial_raises_nothing()
    {
        h.Factorial(3);

        h.Read(EduRegister.InterruptStatus).ShouldBe(0u);
        h.IntxChanges.ShouldBeEmpty();
    }

    [Fact]
    public void Check06_irqfact_set_after_completion_raises_nothing()
    {
        h.Factorial(3);

        h.Write(EduRegister.Status, 0x80);
        h.Clock.RunFor(VirtualTime.Milliseconds(1));

        h.Read(EduRegister.InterruptStatus).ShouldBe(0u);
        h.IntxChanges.ShouldBeEmpty();
    }

    [Fact]
    public void Check06_irqfact_cleared_mid_computation_suppresses_the_interrupt()
    {
        h.Write(EduRegister.Status, 0x80);
        h.Write(EduRegister.Factorial, 3);
        h.Clock.RunFor(VirtualTime.Microseconds(5));

        h.Write(EduRegister.Status, 0);
        h.Read(EduRegister.Status).ShouldBe(1u);   // writing 0 clears IRQFACT, computing stays
        h.Clock.RunFor(VirtualTime.Microseconds(5));

        h.Read(EduRegister.InterruptStatus).ShouldBe(0u);
    }

    [Fact]
    public void Check06_any_status_write_without_bit_7_clears_irqfact_and_other_bits_are_ignored()
    {
        h.Write(EduRegister.Status, 0xFFFF_FFFF);
        h.Read(EduRegister.Status).ShouldBe(0x80u);

        h.Write(EduRegister.Status, 0xFFFF_FF7F);

        h.Read(EduRegister.Status).ShouldBe(0u);
    }

    // ---- 7. Raise / acknowledge -------------------------------------------------------------------

    [Fact]
    public void Check07_raised_bits_or_into_the_status_and_acknowledge_clears_only_the_written_bits()
    {
        h.Write(EduRegister.InterruptRaise, 0x10);
        h.Write(EduRegister.InterruptRaise, 0x03);
        h.Read(EduRegister.InterruptStatus).ShouldBe(0x13u);

        h.Write(EduRegister.InterruptAcknowledge, 0x11);

        h.Read(EduRegister.InterruptStatus).ShouldBe(0x02u);
    }

    [Fact]
    public void Check07_intx_follows_status_not_zero_and_changes_only_on_its_edges()
    {
        h.Write(EduRegister.InterruptRaise, 0x1);
        h.Edu.Intx.Level.ShouldBeTrue();
        h.Write(EduRegister.InterruptRaise, 0x2);
        h.Write(EduRegister.InterruptAcknowledge, 0x1);
        h.Edu.Intx.Level.ShouldBeTrue();

        h.Write(EduRegister.InterruptAcknowledge, 0x2);

        h.Edu.Intx.Level.ShouldBeFalse();
        h.IntxChanges.Select(c => c.Level).ShouldBe([true, false]);
        h.MsiPulses.ShouldBeEmpty();
    }

    [Fact]
    public void Check07_raising_zero_with_an_empty_status_asserts_nothing()
    {
        h.Write(EduRegister.InterruptRaise, 0);

        h.Edu.Intx.Level.ShouldBeFalse();
    }

    [Fact]
    public void Check07_intx_is_masked_by_the_command_interrupt_disable_bit_and_the_status_bit_shows_the_pin()
    {
        h.Edu.Config.Write16(0x04, (ushort)(h.Edu.Config.Command | 0x400));

        h.Write(EduRegister.InterruptRaise, 0x1);
        h.Edu.Intx.Level.ShouldBeFalse();
        (h.Edu.Config.Read16(0x06) & 0x08).ShouldBe(0x08);

        h.Edu.Config.Write16(0x04, (ushort)(h.Edu.Config.Command & ~0x400));
        h.Edu.Intx.Level.ShouldBeTrue();
    }

    [Fact]
    public void Check07_with_msi_each_raise_sends_one_message_while_the_status_is_nonzero_even_raise_0()
    {
        h.EnableMsi();

        h.Write(EduRegister.InterruptRaise, 0);       // status still 0: no message
        h.Write(EduRegister.InterruptRaise, 0x1);     // 1
        h.Write(EduRegister.InterruptRaise, 0x1);     // 2: bit already set
        h.Write(EduRegister.InterruptRaise, 0);       // 3: raise(0) with status != 0
        h.Write(EduRegister.InterruptAcknowledge, 0x1);
        h.Write(EduRegister.InterruptAcknowledge, 0x1);

        h.MsiPulses.Count.ShouldBe(3);
        h.Edu.Msi.PulseCount.ShouldBe(3);
        h.Edu.Intx.Level.ShouldBeFalse();
        h.IntxChanges.ShouldBeEmpty();
    }

    [Fact]
    public void Check07_with_msi_the_factorial_and_dma_interrupts_are_messages_too()
    {
        h.EnableMsi();
        h.Write(EduRegister.Status, 0x80);

        h.Factorial(4);
        h.StartDma(0x1000, QemuEdu.DmaBufferAddress, 4, Run | IrqOnDone);
        h.Clock.RunFor(DmaTime);

        h.MsiPulses.ShouldBe([VirtualTime.Microseconds(10), VirtualTime.Microseconds(10) + DmaTime]);
        h.Read(EduRegister.InterruptStatus).ShouldBe(0x101u);
    }

    [Fact]
    public void Check07_an_intx_asserted_before_msi_was_enabled_stays_asserted_until_msi_is_off_again_as_in_qemu()
    {
        h.Write(EduRegister.InterruptRaise, 0x1);
        h.EnableMsi();

        h.Write(EduRegister.InterruptAcknowledge, 0x1);
        h.Edu.Intx.Level.ShouldBeTrue();   // edu_lower_irq leaves INTx alone while MSI is on

        h.DisableMsi();
        h.Write(EduRegister.InterruptAcknowledge, 0x0);
        h.Edu.Intx.Level.ShouldBeFalse();
    }

    // ---- 8. Write-only and read-only registers ----------------------------------------------------

    [Fact]
    public void Check08_the_write_only_raise_and_acknowledge_registers_read_all_ones()
    {
        h.Write(EduRegister.InterruptRaise, 0x5);

        h.Read(EduRegister.InterruptRaise).ShouldBe(0xFFFF_FFFFu);
        h.Read(EduRegister.InterruptAcknowledge).ShouldBe(0xFFFF_FFFFu);
    }

    [Fact]
    public void Check08_the_interrupt_status_register_is_read_only()
    {
        h.Write(EduRegister.InterruptRaise, 0x4);

        h.Write(EduRegister.InterruptStatus, 0);
        h.Write(EduRegister.InterruptStatus, 0xFF);

        h.Read(EduRegister.InterruptStatus).ShouldBe(0x4u);
    }

    // ---- 9. DMA round trip --------------------------------------------------------------------------

    [Fact]
    public void Check09_dma_round_trip_of_100_bytes_as_in_edu_rst()
    {
        var ram = h.Context.Memory;
        var source = ram.AllocateCommonBuffer(100, maximumAddress: (1UL << 28) - 1);
        var destination = ram.AllocateCommonBuffer(100, maximumAddress: (1UL << 28) - 1);
        source.Write(0, Pattern(100));

        // RAM → EDU
        h.StartDma(source.Address, QemuEdu.DmaBufferAddress, 100, Run);
        h.Read64(EduRegister.DmaCommand).ShouldBe(1UL);
        h.Clock.RunFor(DmaTime - 1);
        h.Read64(EduRegister.DmaCommand).ShouldBe(1UL);
        h.Clock.RunFor(1);
        h.Read64(EduRegister.DmaCommand).ShouldBe(0UL);

        // EDU → RAM
        h.StartDma(QemuEdu.DmaBufferAddress, destination.Address, 100, Run | ToRam);
        h.Read64(EduRegister.DmaCommand).ShouldBe(3UL);
        h.Clock.RunFor(DmaTime - 1);
        h.Read64(EduRegister.DmaCommand).ShouldBe(3UL);
        h.Clock.RunFor(1);
        h.Read64(EduRegister.DmaCommand).ShouldBe(2UL);

        var copied = destination.Read(0, 100);
        for (var i = 0; i < 100; i++)
        {
            copied[i].ShouldBe(Pattern(100)[i], $"byte {i}");
        }

        h.Edu.DmaBuffer.ToArray(0, 100).ShouldBe(Pattern(100));
        h.Edu.DmaBuffer.Span[100].ShouldBe((byte)0);
    }

    [Fact]
    public void Check09_source_destination_and_count_are_unchanged_by_the_transfer()
    {
        h.StartDma(0x2000, QemuEdu.DmaBufferAddress + 8, 16, Run);

        h.Clock.RunFor(DmaTime);

        h.Read64(EduRegister.DmaSource).ShouldBe(0x2000UL);
        h.Read64(EduRegister.DmaDestination).ShouldBe((ulong)QemuEdu.DmaBufferAddress + 8);
        h.Read64(EduRegister.DmaCount).ShouldBe(16UL);
    }

    [Fact]
    public void Check09_dma_needs_bus_mastering()
    {
        var off = new EduHarness(enableBusMaster: false);
        off.Context.Memory.Write(0x1000, Pattern(8));

        off.StartDma(0x1000, QemuEdu.DmaBufferAddress, 8, Run | IrqOnDone);
        off.Clock.RunFor(DmaTime);

        off.Edu.DmaBuffer.ToArray(0, 8).ShouldAllBe(b => b == 0);
        off.Context.Log.OfKind(HardwareLogKind.DmaRejected).ShouldHaveSingleItem();
        off.Read64(EduRegister.DmaCommand).ShouldBe(IrqOnDone);
    }

    // ---- 10. DMA registers frozen while running -------------------------------------------------

    [Fact]
    public void Check10_source_destination_and_count_are_frozen_while_run_is_set()
    {
        h.StartDma(0x1000, QemuEdu.DmaBufferAddress, 8, Run);

        h.Write64(EduRegister.DmaSource, 0xBAD);
        h.Write64(EduRegister.DmaDestination, 0xBAD);
        h.Write(EduRegister.DmaCount, 0xBAD);

        h.Read64(EduRegister.DmaSource).ShouldBe(0x1000UL);
        h.Read64(EduRegister.DmaDestination).ShouldBe((ulong)QemuEdu.DmaBufferAddress);
        h.Read64(EduRegister.DmaCount).ShouldBe(8UL);
        h.Clock.RunFor(DmaTime);
        h.Write64(EduRegister.DmaSource, 0x3000);
        h.Read64(EduRegister.DmaSource).ShouldBe(0x3000UL);
    }

    [Fact]
    public void Check10_a_command_write_without_the_run_bit_is_ignored_entirely()
    {
        h.Write64(EduRegister.DmaCommand, ToRam | IrqOnDone);

        h.Read64(EduRegister.DmaCommand).ShouldBe(0UL);
        h.Clock.IsIdle.ShouldBeTrue();
    }

    [Fact]
    public void Check10_a_second_start_while_running_is_ignored_and_does_not_rearm_the_timer()
    {
        h.StartDma(0x1000, QemuEdu.DmaBufferAddress, 8, Run);
        h.Clock.RunFor(VirtualTime.Milliseconds(60));

        h.Write64(EduRegister.DmaCommand, Run | ToRam | IrqOnDone);
        h.Read64(EduRegister.DmaCommand).ShouldBe(Run);
        h.Clock.RunFor(VirtualTime.Milliseconds(40));

        h.Read64(EduRegister.DmaCommand).ShouldBe(0UL);
        h.Read(EduRegister.InterruptStatus).ShouldBe(0u);
        h.Clock.IsIdle.ShouldBeTrue();
    }

    [Fact]
    public void Check10_the_command_keeps_every_written_bit_except_run_after_completion()
    {
        h.StartDma(0x1000, QemuEdu.DmaBufferAddress, 8, 0xF0 | Run);

        h.Clock.RunFor(DmaTime);

        h.Read64(EduRegister.DmaCommand).ShouldBe(0xF0UL);
    }

    // ---- 11. Access widths of the DMA registers --------------------------------------------------

    [Fact]
    public void Check11_a_4_byte_write_zero_extends_and_clears_the_upper_half()
    {
        h.Write64(EduRegister.DmaSource, 0xFFFF_FFFF_FFFF_FFFF);

        h.Write(EduRegister.DmaSource, 0x1234_5678);

        h.Read64(EduRegister.DmaSource).ShouldBe(0x1234_5678UL);
    }

    [Fact]
    public void Check11_a_4_byte_read_returns_the_low_half_and_the_high_half_offset_is_unmapped()
    {
        h.Write64(EduRegister.DmaDestination, 0xAABB_CCDD_1122_3344);

        h.Read(EduRegister.DmaDestination).ShouldBe(0x1122_3344u);
        h.Bus.Read32(0x8C).ShouldBe(0xFFFF_FFFFu);
        h.Bus.Write32(0x8C, 0);
        h.Read64(EduRegister.DmaDestination).ShouldBe(0xAABB_CCDD_1122_3344UL);
    }

    [Fact]
    public void Check11_8_byte_accesses_work_on_every_dma_register()
    {
        h.Write64(EduRegister.DmaSource, 0x0102_0304_0506_0708);
        h.Write64(EduRegister.DmaDestination, 0x1112_1314_1516_1718);
        h.Write64(EduRegister.DmaCount, 0x2122_2324_2526_2728);

        h.Read64(EduRegister.DmaSource).ShouldBe(0x0102_0304_0506_0708UL);
        h.Read64(EduRegister.DmaDestination).ShouldBe(0x1112_1314_1516_1718UL);
        h.Read64(EduRegister.DmaCount).ShouldBe(0x2122_2324_2526_2728UL);
        h.Read64(EduRegister.DmaCommand).ShouldBe(0UL);
    }

    [Fact]
    public void Check11_a_4_byte_command_write_starts_a_transfer()
    {
        h.Write64(EduRegister.DmaCount, 0);
        h.Write(EduRegister.DmaCommand, (uint)(Run | IrqOnDone));

        h.Read(EduRegister.DmaCommand).ShouldBe(5u);
        h.Clock.RunFor(DmaTime);

        h.Read(EduRegister.DmaCommand).ShouldBe(4u);
    }

    // ---- 12. DMA completion interrupt ----------------------------------------------------------

    [Fact]
    public void Check12_bit_2_raises_0x100_when_the_transfer_completes()
    {
        h.StartDma(0x1000, QemuEdu.DmaBufferAddress, 4, Run | IrqOnDone);
        h.Clock.RunFor(DmaTime - 1);
        h.Read(EduRegister.InterruptStatus).ShouldBe(0u);

        h.Clock.RunFor(1);

        h.Read(EduRegister.InterruptStatus).ShouldBe(QemuEdu.DmaInterrupt);
        h.IntxChanges.ShouldBe([(DmaTime, true)]);
    }

    [Fact]
    public void Check12_without_bit_2_the_transfer_raises_nothing()
    {
        h.StartDma(0x1000, QemuEdu.DmaBufferAddress, 4, Run);

        h.Clock.RunFor(DmaTime);

        h.Read(EduRegister.InterruptStatus).ShouldBe(0u);
        h.IntxChanges.ShouldBeEmpty();
    }

    // ---- 13. Mask clamping, range violations, zero count ---------------------------------------

    [Fact]
    public void Check13_system_addresses_are_clamped_to_the_28_bit_dma_mask_and_the_clamping_is_logged()
    {
        h.Context.Memory.Write(0x0123_4000, Pattern(16));

        h.StartDma(0xF_0123_4000, QemuEdu.DmaBufferAddress, 16, Run);
        h.Clock.RunFor(DmaTime);

        h.Edu.DmaBuffer.ToArray(0, 16).ShouldBe(Pattern(16));
        h.Context.Log.OfKind(HardwareLogKind.DmaAddressClamped).ShouldHaveSingleItem()
            .Message.ShouldContain("0x0000000F01234000 to 0x0000000001234000");
    }

    [Fact]
    public void Check13_the_dma_mask_is_a_model_parameter()
    {
        var wide = new EduHarness(new QemuEduOptions { DmaMask = ulong.MaxValue });
        wide.Context.Memory.Write(0xF_0123_4000, Pattern(4));

        wide.StartDma(0xF_0123_4000, QemuEdu.DmaBufferAddress, 4, Run);
        wide.Clock.RunFor(DmaTime);

        wide.Edu.DmaBuffer.ToArray(0, 4).ShouldBe(Pattern(4));
        wide.Context.Log.Entries.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(0x40F00UL, 0x101UL)]                 // runs past the end of the buffer
    [InlineData(0x3FFFFUL, 4UL)]                     // starts before it
    [InlineData(0x41000UL, 1UL)]                     // starts at its end
    [InlineData(0x40000UL, 0xFFFF_FFFF_FFFF_FFFFUL)] // the end overflows
    public void Check13_a_buffer_range_violation_is_logged_the_copy_skipped_and_the_command_still_completes(ulong bufferAddress, ulong count)
    {
        h.Context.Memory.Write(0x1000, Pattern(256));

        h.StartDma(0x1000, bufferAddress, count, Run | IrqOnDone);
        h.Clock.RunFor(DmaTime);

        h.Edu.DmaBuffer.Span.ToArray().ShouldAllBe(b => b == 0);
        h.Context.Log.OfKind(HardwareLogKind.DmaRejected).ShouldHaveSingleItem().Message.ShouldContain("out of bounds");
        h.Read64(EduRegister.DmaCommand).ShouldBe(IrqOnDone);
        h.Read(EduRegister.InterruptStatus).ShouldBe(QemuEdu.DmaInterrupt);
    }

    [Fact]
    public void Check13_a_range_violation_on_the_way_to_ram_is_flagged_too()
    {
        h.StartDma(0x40FFF, 0x1000, 2, Run | ToRam);

        h.Clock.RunFor(DmaTime);

        h.Context.Log.OfKind(HardwareLogKind.DmaRejected).ShouldHaveSingleItem();
        h.Context.Memory.AllocatedPageCount.ShouldBe(0);
    }

    [Fact]
    public void Check13_a_transfer_ending_exactly_at_the_end_of_the_buffer_is_allowed()
    {
        h.Context.Memory.Write(0x1000, Pattern(16));

        h.StartDma(0x1000, 0x41000 - 16, 16, Run);
        h.Clock.RunFor(DmaTime);

        h.Edu.DmaBuffer.ToArray(4096 - 16, 16).ShouldBe(Pattern(16));
        h.Context.Log.Entries.ShouldBeEmpty();
    }

    [Fact]
    public void Check13_a_zero_count_transfer_completes_normally()
    {
        h.StartDma(0x1000, QemuEdu.DmaBufferAddress, 0, Run | IrqOnDone);

        h.Clock.RunFor(DmaTime);

        h.Read64(EduRegister.DmaCommand).ShouldBe(IrqOnDone);
        h.Read(EduRegister.InterruptStatus).ShouldBe(QemuEdu.DmaInterrupt);
        h.Context.Log.Entries.ShouldBeEmpty();
    }

    // ---- 14. The buffer persists -----------------------------------------------------------------

    [Fact]
    public void Check14_the_dma_buffer_keeps_its_contents_between_transfers()
    {
        var ram = h.Context.Memory;
        ram.Write(0x1000, Pattern(64, 1));
        ram.Write(0x2000, Pattern(64, 2));

        h.StartDma(0x1000, QemuEdu.DmaBufferAddress, 64, Run);
        h.Clock.RunFor(DmaTime);
        h.StartDma(0x2000, QemuEdu.DmaBufferAddress + 64, 64, Run);
        h.Clock.RunFor(DmaTime);
        h.Clock.RunFor(VirtualTime.Seconds(5));
        h.StartDma(QemuEdu.DmaBufferAddress, 0x3000, 128, Run | ToRam);
        h.Clock.RunFor(DmaTime);

        ram.Read(0x3000, 64).ShouldBe(Pattern(64, 1));
        ram.Read(0x3040, 64).ShouldBe(Pattern(64, 2));
    }

    // ---- 15. No reset handler ------------------------------------------------------------------

    [Fact]
    public void Check15_a_device_reset_keeps_the_edu_registers_and_buffer_and_resets_only_the_pci_side()
    {
        h.Write(EduRegister.Liveness, 0x1111_0000);
        h.Write(EduRegister.Status, 0x80);
        h.Factorial(5);
        h.Write(EduRegister.InterruptRaise, 0x40);
        h.Write64(EduRegister.DmaSource, 0x1234);
        h.Edu.DmaBuffer.Span[7] = 0x77;
        h.Edu.Intx.Level.ShouldBeTrue();

        h.Edu.Reset();

        h.Read(EduRegister.Liveness).ShouldBe(0xEEEE_FFFFu);
        h.Read(EduRegister.Factorial).ShouldBe(120u);
        h.Read(EduRegister.Status).ShouldBe(0x80u);
        h.Read(EduRegister.InterruptStatus).ShouldBe(0x41u);
        h.Read64(EduRegister.DmaSource).ShouldBe(0x1234UL);
        h.Edu.DmaBuffer.Span[7].ShouldBe((byte)0x77);
        h.Edu.Config.Command.ShouldBe((ushort)0);   // the PCI core's part
        h.Edu.Intx.Level.ShouldBeFalse();           // pci_do_device_reset deasserts INTx
    }

    [Fact]
    public void Check15_work_in_flight_survives_a_device_reset()
    {
        h.Write(EduRegister.Factorial, 6);
        h.StartDma(0x1000, QemuEdu.DmaBufferAddress, 4, Run);

        h.Edu.Reset();
        h.Clock.RunFor(DmaTime);

        h.Read(EduRegister.Factorial).ShouldBe(720u);
        h.Read64(EduRegister.DmaCommand).ShouldBe(0UL);
    }

    // ---- Determinism -----------------------------------------------------------------------------

    [Fact]
    public void The_same_accesses_give_the_same_log_twice()
    {
        static string Run()
        {
            var run = new EduHarness();
            run.Bus.Read32(0x0C);
            run.Bus.Write16(0x04, 1);
            run.StartDma(0xF000_1000, 0x40F00, 0x200, 0x5);
            run.Clock.RunFor(VirtualTime.Seconds(1));
            return string.Join("\n", run.Context.Log.Entries);
        }

        Run().ShouldBe(Run());
    }
}
