using System.Text;

namespace DriverScript.Benchmarks.Language;

/// <summary>
/// Generates a realistic script of about the requested number of lines: constants, enums,
/// functions with loops and matches, hardware blocks and devices with queues and callbacks.
/// The same count always gives the same text.
/// </summary>
public static class ScriptGenerator
{
    public static string Generate(int lines)
    {
        var sb = new StringBuilder();
        int n = 0;
        int written = 0;
        while (written < lines)
        {
            string chunk = Chunk(n++);
            sb.Append(chunk);
            written += chunk.Count(c => c == '\n');
        }
        return sb.ToString();
    }

    private static string Chunk(int i) => $$"""
        const LIMIT_{{i}}: u32 = 0x{{i:X}}00;
        enum Mode{{i}} { Off, On, Turbo = 7 }

        fn checksum{{i}}(data: bytes, seed: u32) -> u32 {
            var sum: u32 = seed;
            for b in data {
                sum = (sum << 1) ^ (b as u32);
                if sum & 1 == 0 { sum += 3; } else { sum -= 1; }
            }
            return sum % LIMIT_{{i}};
        }

        fn classify{{i}}(m: Mode{{i}}, code: u32) -> u32 {
            var r: u32 = 0;
            match code {
                1 | 2 => { r = 10; }
                0x222000 => { r = 20; }
                _ => { r = code * 3 + 1; }
            }
            while r > 100 { r = r / 2; }
            return r;
        }

        hardware Hw{{i}} {
            registers(size = 0x100, unmapped = zeros) {
                reg CTRL @ 0x00 : u32 = 0 {
                    field enable [0] : rw;
                    field mode [3:1] : rw = 2;
                }
                reg STATUS @ 0x04 : u32 ro;
                reg DATA @ 0x08 : u32 { on write(v) { STATUS = v & 0xFF; } }
            }
            interrupt irq = STATUS != 0;
        }

        device Dev{{i}} {
            uses Hw{{i}};
            sync = queue;
            state {
                count: u32 = 0;
                last: bytes = b"";
                lock: spinlock;
            }
            queue main : default, sequential {
                on write(req) {
                    if req.length > LIMIT_{{i}} {
                        complete(req, STATUS_INVALID_PARAMETER);
                        return;
                    }
                    self.last = req.input;
                    self.count += 1;
                    hw.DATA = checksum{{i}}(req.input, self.count);
                    complete(req, STATUS_SUCCESS, req.length);
                }
                on read(req) {
                    let n = min(req.length, len(self.last));
                    complete(req, STATUS_SUCCESS, self.last[0..n]);
                }
            }
            on d0_entry(from) -> status {
                hw.CTRL.enable = 1;
                return STATUS_SUCCESS;
            }
        }


        """;
}
