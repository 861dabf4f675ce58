using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using Terminal.Core.Protocol;

namespace Terminal.Sandbox
{
    /// <summary>One trade of a batch report (the trades JSON of 交易保障).</summary>
    public sealed record SandboxReportTrade(string OutTradeNo, string BeginTime, string EndTime, string State, string? ErrMsg);

    /// <summary>One accepted 交易保障 report.</summary>
    public sealed class SandboxReport
    {
        public long AtMs { get; init; }

        public string? Host { get; init; }

        /// <summary>"batch" (interface_url …/pay/batchreport/micropay/total, trades) or "call" (one API call, execute_time_).</summary>
        public required string Form { get; init; }

        public required string InterfaceUrl { get; init; }

        public string? DeviceInfo { get; init; }

        public required string UserIp { get; init; }

        /// <summary>Per-call form: execute_time_ (ms), return_code, result_code, err_code, out_trade_no, time.</summary>
        public long ExecuteTimeMs { get; init; } = -1;
        public string? ReturnCode { get; init; }
        public string? ResultCode { get; init; }
        public string? ErrCode { get; init; }
        public string? OutTradeNo { get; init; }
        public string? Time { get; init; }

        public IReadOnlyList<SandboxReportTrade> Trades { get; init; } = Array.Empty<SandboxReportTrade>();
    }

    /// <summary>
    /// 交易保障 (/payitil/report): accepts and records the terminal's report of its calls. WeChat
    /// documents two forms (docs/protocol.md, "Transaction-guarantee report"): the POS batch
    /// (interface_url https://api.mch.weixin.qq.com/pay/batchreport/micropay/total, user_ip, trades:
    /// a JSON array of at most 1024 bytes) and one report per API call (execute_time_, return_code,
    /// return_msg, result_code, user_ip, time, optional err_code, err_code_des, out_trade_no).
    /// The sandbox checks every field and refuses a malformed report with an unsigned
    /// return_code=FAIL naming the field.
    /// </summary>
    public sealed partial class WeChatSandbox
    {
        public const string BatchReportUrl = "https://api.mch.weixin.qq.com/pay/batchreport/micropay/total";

        private readonly List<SandboxReport> reports = new List<SandboxReport>();

        public IReadOnlyList<SandboxReport> Reports
        {
            get
            {
                lock (gate)
                {
                    return reports.ToList();
                }
            }
        }

        private void AcceptReport(WxParams request, long now, string? host, SandboxReply reply, out string note)
        {
            string? problem = ReportProblem(request, out SandboxReport? parsed, now, host);
            if (problem != null)
            {
                note = "report refused: " + problem;
                reply.Body = ReturnFailBody(problem);
                return;
            }

            SandboxReport report = parsed!; // ReportProblem sets it whenever it finds no problem
            reports.Add(report);
            note = "report (" + report.Form + ", " + report.Trades.Count + " trades)";
            var p = new WxParams();
            p.Set("return_code", "SUCCESS");
            p.Set("return_msg", "OK");
            p.Set("result_code", "SUCCESS");
            reply.Body = FlatXml.Write(p);
        }

        private static string? ReportProblem(WxParams r, out SandboxReport? report, long now, string? host)
        {
            report = null;
            string url = r.Get("interface_url");
            string? problem = Text(r, "interface_url", 127, true) ?? Text(r, "device_info", 32, false) ?? Text(r, "user_ip", 16, true);
            if (problem != null)
            {
                return problem;
            }

            if (url == BatchReportUrl || url.EndsWith("/pay/batchreport/micropay/total", StringComparison.Ordinal))
            {
                string trades = r.Get("trades");
                problem = Text(r, "trades", 1024, true);
                if (problem != null)
                {
                    return problem;
                }

                var list = new List<SandboxReportTrade>();
                try
                {
                    using JsonDocument doc = JsonDocument.Parse(trades);
                    if (doc.RootElement.ValueKind != JsonValueKind.Array || doc.RootElement.GetArrayLength() == 0)
                    {
                        return "trades must be a non-empty JSON array";
                    }

                    int i = 0;
                    foreach (JsonElement t in doc.RootElement.EnumerateArray())
                    {
                        string at = "trades[" + i++ + "]";
                        if (t.ValueKind != JsonValueKind.Object)
                        {
                            return at + " must be an object";
                        }

                        string? outTradeNo = Member(t, "out_trade_no");
                        string? begin = Member(t, "begin_time");
                        string? end = Member(t, "end_time");
                        string? state = Member(t, "state");
                        string? errMsg = t.TryGetProperty("err_msg", out JsonElement e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                        if (string.IsNullOrEmpty(outTradeNo) || outTradeNo.Length > 32)
                        {
                            return at + ".out_trade_no is required (at most 32 characters)";
                        }

                        if (!IsTime(begin) || !IsTime(end) || string.CompareOrdinal(begin, end) > 0)
                        {
                            return at + ".begin_time and end_time must be yyyyMMddHHmmss, begin before end";
                        }

                        // WeChat's spelling of "cancel" is CANCLE.
                        if (state != "OK" && state != "FAIL" && state != "CANCLE")
                        {
                            return at + ".state must be OK, FAIL or CANCLE";
                        }

                        list.Add(new SandboxReportTrade(outTradeNo, begin, end, state, errMsg));
                    }
                }
                catch (JsonException)
                {
                    return "trades is not JSON";
                }

                report = new SandboxReport
                {
                    AtMs = now, Host = host, Form = "batch", InterfaceUrl = url, DeviceInfo = r.Get("device_info"), UserIp = r.Get("user_ip"), Trades = list,
                };
                return null;
            }

            long executeTime = Terminal.Core.Text.Digits.ParseNonNegative(r.Get("execute_time_"));
            if (executeTime < 0)
            {
                return "execute_time_ (ms, an integer; the trailing underscore is part of the name) is required";
            }

            string returnCode = r.Get("return_code");
            string resultCode = r.Get("result_code");
            if (returnCode != "SUCCESS" && returnCode != "FAIL")
            {
                return "return_code must be SUCCESS or FAIL";
            }

            if (resultCode != "SUCCESS" && resultCode != "FAIL")
            {
                return "result_code must be SUCCESS or FAIL";
            }

            problem = Text(r, "return_msg", 128, true) ?? Text(r, "err_code", 32, false) ?? Text(r, "err_code_des", 128, false) ?? Text(r, "out_trade_no", 32, false);
            if (problem != null)
            {
                return problem;
            }

            if (!IsTime(r.Get("time")))
            {
                return "time must be yyyyMMddHHmmss";
            }

            report = new SandboxReport
            {
                AtMs = now, Host = host, Form = "call", InterfaceUrl = url, DeviceInfo = r.Get("device_info"), UserIp = r.Get("user_ip"),
                ExecuteTimeMs = executeTime, ReturnCode = returnCode, ResultCode = resultCode, ErrCode = r.Get("err_code"), OutTradeNo = r.Get("out_trade_no"), Time = r.Get("time"),
            };
            return null;
        }

        private static string? Text(WxParams r, string name, int maxBytes, bool required)
        {
            string value = r.Get(name);
            if (string.IsNullOrEmpty(value))
            {
                return required ? name + " is required" : null;
            }

            return Encoding.UTF8.GetByteCount(value) > maxBytes ? name + " is longer than " + maxBytes + " bytes" : null;
        }

        private static string? Member(JsonElement o, string name) => o.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private static bool IsTime([NotNullWhen(true)] string? text) => text != null && text.Length == 14 &&
            DateTime.TryParseExact(text, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
    }
}
