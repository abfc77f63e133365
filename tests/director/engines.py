"""An Eye that always fails, to exercise the failure path through the registry."""


class FailingEye:
    name = "failing"

    def analyze(self, image):
        raise ValueError("the sensor returned no data")
