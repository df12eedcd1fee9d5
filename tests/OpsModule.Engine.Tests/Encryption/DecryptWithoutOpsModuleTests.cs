using System;
using System.IO;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using OpsModule.Engine.Common;
using OpsModule.Engine.Encryption;
using OpsModule.Engine.Tests.Support;
using Xunit;

namespace OpsModule.Engine.Tests.Encryption;

public class DecryptWithoutOpsModuleTests
{
    [SkippableFact]
    public async Task The_documented_python_script_decrypts_an_artifact()
    {
        string python = Tools.Require("python3");
        string doc = File.ReadAllText(FindDoc());
        string script = Regex.Match(doc, "```python\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        Assert.NotEmpty(script);
        using var temp = new TempFolder();
        File.WriteAllText(temp.Combine("decrypt.py"), script);
        byte[] key = RandomNumberGenerator.GetBytes(32);
        File.WriteAllText(temp.Combine("backup.key"), Convert.ToHexString(key));
        byte[] plain = RandomNumberGenerator.GetBytes((3 * ChunkedAesGcm.DefaultChunkSize) + 1234);
        using (var output = File.Create(temp.Combine("artifact")))
        using (EncryptionKey encryptionKey = EncryptionKey.FromBytes(key))
        using (Stream encrypt = ChunkedAesGcm.Encrypt(output, encryptionKey))
        {
            encrypt.Write(plain);
        }

        using var process = ChildProcess.Start(python, [temp.Combine("decrypt.py"), temp.Combine("backup.key"), temp.Combine("artifact")]);
        using var decrypted = new MemoryStream();
        process.StandardOutput.CopyTo(decrypted);
        int exitCode = await process.WaitAsync(default);
        string errors = process.ErrorTail;

        Skip.If(errors.Contains("No module named 'cryptography'", StringComparison.Ordinal), "python3 has no cryptography package");
        Assert.True(exitCode == 0, errors);
        Assert.Equal(plain, decrypted.ToArray());
    }

    private static string FindDoc()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "docs", "backup-encryption.md");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("docs/backup-encryption.md not found above the test assembly.");
    }
}
