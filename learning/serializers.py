from rest_framework import serializers

from learning.models import LearningEvent


class LearningEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = LearningEvent
        fields = [
            "id",
            "job",
            "selected_director_id",
            "raw_scores",
            "director_pitches",
            "learning_delta",
            "created_at",
        ]
        read_only_fields = fields


class CreativeProfileSerializer(serializers.Serializer):
    profile = serializers.JSONField()
    learning_consent = serializers.BooleanField(allow_null=True)
    summary = serializers.DictField()
