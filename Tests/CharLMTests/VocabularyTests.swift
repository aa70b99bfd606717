import Foundation
import Testing

@testable import CharLM

@Suite struct VocabularyTests {
  @Test func boundaryFirstThenCodePointOrder() {
    let vocabulary = Vocabulary(words: ["zoe", "ana", "émile"])
    #expect(vocabulary.string == ".aeilmnozé")
    #expect(vocabulary.count == 10)
    #expect(vocabulary.index(of: ".") == 0)
    #expect(vocabulary.index(of: "é") == 9)
    #expect(vocabulary.index(of: "q") == nil)
  }

  @Test func encodeDecodeRoundTrip() throws {
    let vocabulary = Vocabulary(words: ["emma", "olivia", "zoë"])
    for word in ["emma", "olivia", "zoë", "mia", "a"] {
      let chain = try vocabulary.encode(word)
      #expect(chain.first == 0 && chain.last == 0)
      #expect(chain.count == word.unicodeScalars.count + 2)
      #expect(vocabulary.decode(chain) == word)
    }
  }

  @Test func unknownCharacterNamesWordAndCharacter() {
    let vocabulary = Vocabulary(words: ["emma"])
    #expect(throws: VocabularyError.unknownCharacter(word: "emz", character: "z")) {
      try vocabulary.encode("emz")
    }
    let message = VocabularyError.unknownCharacter(word: "emz", character: "z").description
    #expect(message.contains("\"emz\"") && message.contains("'z'"))
    #expect(throws: VocabularyError.self) { try vocabulary.encode("e.m") }
  }

  @Test func codableRoundTripAndRefusal() throws {
    let vocabulary = Vocabulary(words: ["emma", "noé"])
    let data = try JSONEncoder().encode(vocabulary)
    #expect(try JSONDecoder().decode(Vocabulary.self, from: data) == vocabulary)
    for bad in [#"{"symbols":"abc"}"#, #"{"symbols":".aa"}"#] {
      #expect(throws: DecodingError.self) { try JSONDecoder().decode(Vocabulary.self, from: Data(bad.utf8)) }
    }
  }

  @Test func invisibleSymbolsGetCodePointNames() {
    let vocabulary = Vocabulary(words: ["a b"])
    #expect(vocabulary.displayName(of: 1) == "U+20")
    #expect(vocabulary.displayName(of: 2) == "a")
  }
}
