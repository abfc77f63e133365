from rest_framework import serializers

from audit.models import AuditLog


class AuditLogSerializer(serializers.ModelSerializer):
    """A row of the user's own activity. The address and browser are shown only for what the user did themselves:
    a row made by staff (details.by) would otherwise show the staff member's."""

    ip_address = serializers.SerializerMethodField()
    user_agent = serializers.SerializerMethodField()

    class Meta:
        model = AuditLog
        fields = ["id", "action", "entity_type", "entity_id", "details", "ip_address", "user_agent", "created_at"]
        read_only_fields = fields

    def get_ip_address(self, obj) -> str | None:
        return None if "by" in obj.details else obj.ip_address

    def get_user_agent(self, obj) -> str:
        return "" if "by" in obj.details else obj.user_agent
