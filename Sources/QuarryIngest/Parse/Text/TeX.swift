/// Reduces TeX markup in titles and abstracts to its words.
enum TeX {
    /// Commands that stand for a symbol.
    static let symbols: [String: String] = [
        "times": "×", "cdot": "·", "pm": "±", "approx": "≈", "sim": "∼", "le": "≤", "leq": "≤",
        "ge": "≥", "geq": "≥", "neq": "≠", "infty": "∞", "to": "→", "rightarrow": "→",
        "leftarrow": "←", "ldots": "…", "dots": "…", "cdots": "⋯", "alpha": "α", "beta": "β",
        "gamma": "γ", "delta": "δ", "epsilon": "ε", "theta": "θ", "lambda": "λ", "mu": "μ",
        "pi": "π", "sigma": "σ", "tau": "τ", "phi": "φ", "omega": "ω",
        "ell": "ℓ", "eta": "η", "zeta": "ζ", "kappa": "κ", "nu": "ν", "xi": "ξ", "rho": "ρ", "chi": "χ",
        "psi": "ψ", "varepsilon": "ε", "varphi": "φ", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ",
        "Lambda": "Λ", "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω", "in": "∈",
        "partial": "∂", "nabla": "∇", "sum": "∑", "prod": "∏", "sqrt": "√", "mapsto": "↦",
        "Rightarrow": "⇒", "leftrightarrow": "↔", "ll": "≪", "gg": "≫", "propto": "∝", "circ": "∘",
        // Operator names are words a reader searches for ("n log n").
        "log": "log", "ln": "ln", "exp": "exp", "sin": "sin", "cos": "cos", "tan": "tan", "max": "max",
        "min": "min", "sup": "sup", "inf": "inf", "lim": "lim", "det": "det", "dim": "dim", "ker": "ker",
        "arg": "arg", "deg": "deg", "gcd": "gcd", "Pr": "Pr", "poly": "poly", "polylog": "polylog",
    ]

    /// Commands whose argument is a text of its own (a note, a link, a citation): dropped, they
    /// still end the word before them (`field\footnote{https://…}` is `field https://…`).
    static let separating: Set<String> = ["footnote", "href", "url", "cite", "citep", "citet", "thanks"]

    /// `$\textit{approximate}$` → `approximate`, `1.23$\times$` → `1.23×`, `$\textbf{F}$ast` → `Fast`.
    ///
    /// Accents become letters first (`Bal\'azs` → `Balázs`, see `TeXAccents`). Then a single pass:
    /// `$` and braces are dropped, a symbol command becomes its symbol, any other command name is
    /// dropped (its braced argument stays, minus the braces), and an escaped character (`\%`,
    /// `\$`, `\&`) stands for itself. Text without `$` or `\` is returned unchanged.
    /// Dropping markup never glues two words: a space stands between two braced arguments
    /// (`\href{url}{this page}` → `url this page`), before a `separating` command, and around an
    /// operator name that follows or precedes a letter or digit (`$n\log n$` → `n log n`).
    static func reduce(_ text: String) -> String {
        guard ByteText.contains(text, byte: UInt8(ascii: "$")) || ByteText.contains(text, byte: UInt8(ascii: "\\"))
        else { return text }
        var text = TeXAccents.apply(text)
        // Byte by byte: every character that matters here is ASCII; others are copied whole.
        return text.withUTF8 { bytes in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "}"):
                    if index < bytes.count, bytes[index] == UInt8(ascii: "{") { separate(&output) }
                case UInt8(ascii: "$"), UInt8(ascii: "{"):
                    continue
                case UInt8(ascii: "\\"):
                    guard index < bytes.count else { continue }
                    var end = index
                    while end < bytes.count, ByteText.isASCIILetter(bytes[end]) { end += 1 }
                    if end == index {
                        // An escaped character stands for itself (all the bytes of a non-ASCII one).
                        let next = min(bytes.count, index + ByteText.sequenceLength(lead: bytes[index]))
                        output.append(contentsOf: bytes[index..<next])
                        index = next
                    } else {
                        let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self)
                        let symbol = symbols[name] ?? ""
                        let isWord = symbol.utf8.first.map(ByteText.isASCIILetter) ?? false
                        if isWord || separating.contains(name) { separate(&output) }
                        output.append(contentsOf: symbol.utf8)
                        index = end
                        if isWord, index < bytes.count,
                            ByteText.isASCIIAlphanumeric(bytes[index]) || bytes[index] == UInt8(ascii: "{")
                        {
                            output.append(UInt8(ascii: " "))
                        }
                    }
                default:
                    output.append(byte)
                }
            }
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// Ends the word at the end of `output` with a space (nothing when no letter or digit is there).
    private static func separate(_ output: inout [UInt8]) {
        if let last = output.last, ByteText.isASCIIAlphanumeric(last) { output.append(UInt8(ascii: " ")) }
    }
}
