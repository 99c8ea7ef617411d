import Foundation

/// Dates relative to today, as queries may give them (`date:last-year`, `date:6months..`,
/// `date:..2weeks`), turned into the absolute dates a user could have typed.
///
/// A named period is the calendar span it covers: `today`, `yesterday` (a day), `this-month`,
/// `last-month` (a month), `this-year`, `last-year` (a year), so `date:last-year` finds what
/// `date:2025` finds, including papers dated only by their year. A duration back from today
/// (`30days`, `2weeks`, `6months`, `1year`; also `30d`, `2w`, `6mo`, `1y`) is the day it reaches:
/// as a range's start it means "since then", as its end "until then", and alone
/// (`date:6months`) "since then, until today".
public enum RelativeDate {
    /// What a relative date means on `today`: the absolute text (`2025`, `2026-03`,
    /// `2025-09-15`) and whether it is a duration (a day back from today) rather than a named
    /// period. Nil when `text` is not a relative date.
    public static func resolve(_ text: String, today: Date = Date(), calendar: Calendar = Self.calendar)
        -> (date: String, isDuration: Bool)?
    {
        let parts = calendar.dateComponents([.year, .month, .day], from: today)
        guard let year = parts.year, let month = parts.month, let day = parts.day else { return nil }
        switch text.lowercased() {
        case "today": return (format(year, month, day), false)
        case "yesterday": return dayBack(1, from: today, calendar: calendar).map { ($0, false) }
        case "this-month": return (format(year, month, nil), false)
        case "last-month":
            return month == 1 ? (format(year - 1, 12, nil), false) : (format(year, month - 1, nil), false)
        case "this-year": return (format(year, nil, nil), false)
        case "last-year": return (format(year - 1, nil, nil), false)
        default: break
        }
        guard let (count, unit) = duration(text) else { return nil }
        guard let back = calendar.date(byAdding: unit, value: -count, to: today) else { return nil }
        let reached = calendar.dateComponents([.year, .month, .day], from: back)
        guard let y = reached.year, let m = reached.month, let d = reached.day else { return nil }
        return (format(y, m, d), true)
    }

    /// The relative forms, for help texts and error messages.
    public static let forms =
        "today, yesterday, this-month, last-month, this-year, last-year, or 30days, 2weeks, 6months, 1year"

    /// The Gregorian calendar in the local time zone: "today" is the user's today.
    public static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        return calendar
    }

    /// `6months` → (6, .month); nil when `text` is not a number followed by a unit.
    private static func duration(_ text: String) -> (Int, Calendar.Component)? {
        let lowered = text.lowercased()
        let digits = lowered.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 4, let count = Int(digits) else { return nil }
        switch lowered.dropFirst(digits.count) {
        case "d", "day", "days": return (count, .day)
        case "w", "week", "weeks": return (count * 7, .day)
        case "mo", "month", "months": return (count, .month)
        case "y", "year", "years": return (count, .year)
        default: return nil
        }
    }

    private static func dayBack(_ days: Int, from today: Date, calendar: Calendar) -> String? {
        guard let date = calendar.date(byAdding: .day, value: -days, to: today) else { return nil }
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        guard let year = parts.year else { return nil }
        return format(year, parts.month, parts.day)
    }

    /// `2025`, `2025-03` or `2025-03-07`.
    private static func format(_ year: Int, _ month: Int?, _ day: Int?) -> String {
        var text = String(format: "%04d", year)
        if let month { text += String(format: "-%02d", month) }
        if let day { text += String(format: "-%02d", day) }
        return text
    }
}
