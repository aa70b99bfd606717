import ArgumentParser
import CharLM
import Reports

/// How a failure is reported: the message for stderr and the exit code (sysexits.h numbering).
///
/// 64 usage, 65 bad input data, 66 missing input, 74 I/O error, 1 anything else.
struct ExitStatus {
  /// The process exit code.
  let code: Int32
  /// The one-line message, or nil when argument-parser reports the error itself (usage errors).
  let message: String?
  /// Whether the message's line breaks are its own layout (a caret under an expression), to keep;
  /// elsewhere a line break can only come from echoed input and is escaped.
  var isMultiline = false

  /// Classifies `error`.
  init(for error: any Error) {
    switch error {
    case let error as CorpusError:
      switch error {
      case .fileNotFound, .danglingSymbolicLink, .isDirectory: self.init(code: 66, message: error.description)
      case .unreadable: self.init(code: 74, message: error.description)
      default: self.init(code: 65, message: error.description)
      }
    case let error as VocabularyError:
      self.init(code: 65, message: error.description)
    case let error as CheckpointError:
      if case .missing = error {
        self.init(code: 66, message: error.description)
      } else {
        self.init(code: 65, message: error.description)
      }
    case let error as ARPAError:
      switch error {
      case .fileNotFound: self.init(code: 66, message: error.description)
      case .unreadable: self.init(code: 74, message: error.description)
      case .tooLarge, .malformed: self.init(code: 65, message: error.description)
      }
    case let error as NumPyFileError:
      self.init(code: 65, message: error.description)
    case let error as BigramStoryError:
      self.init(code: 65, message: error.description)
    case let error as AtomicFile.WriteError:
      self.init(code: 74, message: error.description)
    case let error as TrainingError:
      // Reported like every other failure (it reached argument-parser's "Error: …" before).
      self.init(code: 1, message: error.description)
    case let error as OptimumError:
      self.init(code: 1, message: error.description)
    case let error as CommandFailure:
      self.init(code: error.exitCode, message: error.message)
      isMultiline = error.isMultiline
    default:
      self.init(code: 1, message: nil)
    }
  }

  private init(code: Int32, message: String?) {
    self.code = code
    self.message = message
  }
}

/// A failure a command reports with its own message and exit code.
struct CommandFailure: Error {
  /// What went wrong and what to do.
  let message: String
  /// The exit code.
  let exitCode: Int32
  /// Whether the message's line breaks are layout to keep (see ``ExitStatus/isMultiline``).
  var isMultiline = false
}
