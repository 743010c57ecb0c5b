"""The exception both clients raise when the server refuses a request."""


class ServerError(Exception):
    """The server's error answer: .code names it, str() is the server's message.

    Client (FlatBuffers): .code is the wire ErrorCode's name (NotFound, InvalidInput,
    Unauthenticated, Forbidden, TooLarge, Unavailable, Internal, BadRequest).
    HttpClient: .code is the JSON body's "error" and .status the HTTP status.
    """

    def __init__(self, code: str, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.code = code
        self.status = status
