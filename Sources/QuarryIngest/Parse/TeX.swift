/// Reduces TeX markup in titles and abstracts to its words.
enum TeX {
    /// Commands that stand for a symbol.
    static let symbols: [String: String] = [
        "times": "×", "cdot": "·", "pm": "±", "approx": "≈", "sim": "∼", "le": "≤", "leq": "≤",
        "ge": "≥", "geq": "≥", "neq": "≠", "infty": "∞", "to": "→", "rightarrow": "→",
        "leftarrow": "←", "ldots": "…", "dots": "…", "cdots": "⋯", "alpha": "α", "beta": "β",
        "gamma": "γ", "delta": "δ", "epsilon": "ε", "theta": "θ", "lambda": "λ", "mu": "μ",
        "pi": "π", "sigma": "σ", "tau": "τ", "phi": "φ", "omega": "ω",
    ]

    /// `$\textit{approximate}$` → `approximate`, `1.23$\times$` → `1.23×`, `$\textbf{F}$ast` → `Fast`.
    ///
    /// A single pass: `$` and braces are dropped, a symbol command becomes its symbol, any other
    /// command name is dropped (its braced argument stays, minus the braces), and an escaped
    /// character (`\%`, `\$`, `\&`) stands for itself. Text without `$` or `\` is returned unchanged.
    static func reduce(_ text: String) -> String {
        guard text.contains("$") || text.contains("\\") else { return text }
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            index = text.index(after: index)
            switch character {
            case "$", "{", "}":
                continue
            case "\\":
                guard index < text.endIndex else { continue }
                let name = text[index...].prefix { $0.isASCII && $0.isLetter }
                if name.isEmpty {
                    output.append(text[index])
                    index = text.index(after: index)
                } else {
                    output += symbols[String(name)] ?? ""
                    index = name.endIndex
                }
            default:
                output.append(character)
            }
        }
        return output
    }
}
